// Maps strings to dense 32-bit ids (first seen = 0, 1, 2, ...) and keeps the bytes contiguously,
// so that a pool can be written out as one StringColumn. Open addressing over xxHash3, linear
// probing, each slot tagged with hash bits (interner.cpp says why).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "store/column.h"

namespace lockstep::store {

class Interner {
 public:
  Interner();

  // Id of `s`, adding it if new.
  uint32_t intern(std::string_view s);
  // Id of `s`, or kNotFound.
  uint32_t find(std::string_view s) const;
  static constexpr uint32_t kNotFound = 0xFFFFFFFFu;

  size_t size() const { return offsets_.size() - 1; }
  std::string_view operator[](uint32_t id) const {
    return {bytes_.data() + offsets_[id], static_cast<size_t>(offsets_[id + 1] - offsets_[id])};
  }
  // Hands the contents over as a read-only column; the interner is left empty.
  StringColumn release();
  // Refills from a stored column (resuming an ingest).
  template <class Strings>
  void load(const Strings& col) {
    *this = Interner();
    for (size_t i = 0; i < col.size(); ++i) intern(col[i]);
  }

 private:
  void grow();
  size_t home(uint32_t tag) const;  // a tag's first slot

  std::vector<char> bytes_;
  std::vector<uint64_t> offsets_;
  std::vector<uint64_t> slots_;  // tag << 32 | id, or empty; size is a power of two
  int shift_;                    // 32 - log2(slots_.size())
};

}  // namespace lockstep::store
