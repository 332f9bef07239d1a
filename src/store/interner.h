// Maps strings to dense 32-bit ids (first seen = 0, 1, 2, ...) and keeps the bytes contiguously,
// so that a pool can be written out as one StringColumn. Open addressing over xxHash3.
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

  std::vector<char> bytes_;
  std::vector<uint64_t> offsets_;
  std::vector<uint32_t> slots_;   // id or kEmpty; size is a power of two
  std::vector<uint64_t> hashes_;  // per id: skips most byte compares, and growing needs no rehash
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
};

}  // namespace lockstep::store
