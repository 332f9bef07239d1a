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
  // The same, with `hash` = hash(s) computed before, after prefetch(hash) has started fetching
  // the slot that a lookup reads first: the cache miss overlaps other work.
  static uint64_t hash(std::string_view s);
  void prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[home(tag_of(hash))]); }
  uint32_t intern(std::string_view s, uint64_t hash);
  // Id of `s`, or kNotFound.
  uint32_t find(std::string_view s) const;
  static constexpr uint32_t kNotFound = 0xFFFFFFFFu;

  size_t size() const { return offsets_.size() - 1; }
  std::string_view operator[](uint32_t id) const {
    return {bytes_.data() + offsets_[id], static_cast<size_t>(offsets_[id + 1] - offsets_[id])};
  }
  // Hands the contents over as a read-only column; the interner is left empty.
  StringColumn release();
  // The contents as a read-only column, copied (two block copies).
  StringColumn copy() const;
  // Refills from a stored column (resuming an ingest).
  template <class Strings>
  void load(const Strings& col) {
    *this = Interner();
    for (size_t i = 0; i < col.size(); ++i) intern(col[i]);
  }

 private:
  void grow();
  // A slot holds the id (low 32 bits) and the top 32 bits of the string's hash (the tag).
  static constexpr uint32_t tag_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
  // A tag's first slot. Tables are at most 2^31 slots (ids are 32-bit and the load factor is
  // 1/2), so the tag has bits enough for every position.
  size_t home(uint32_t tag) const { return tag >> shift_; }

  std::vector<char> bytes_;
  std::vector<uint64_t> offsets_;
  std::vector<uint64_t> slots_;  // tag << 32 | id, or empty; size is a power of two
  int shift_;                    // 32 - log2(slots_.size())
};

}  // namespace lockstep::store
