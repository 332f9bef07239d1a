#include "store/interner.h"

#include <cstring>
#include <stdexcept>

#include "base/hash.h"

namespace lockstep::store {

Interner::Interner() : offsets_{0}, slots_(1024, kEmpty) {}

uint32_t Interner::find(std::string_view s) const {
  uint64_t h = hash_bytes(s);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint32_t id = slots_[i];
    if (id == kEmpty) return kNotFound;
    if (hashes_[id] == h && (*this)[id] == s) return id;
  }
}

uint32_t Interner::intern(std::string_view s) {
  uint64_t h = hash_bytes(s);
  size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (;; i = (i + 1) & mask) {
    uint32_t id = slots_[i];
    if (id == kEmpty) break;
    if (hashes_[id] == h && (*this)[id] == s) return id;
  }
  if (size() >= 0xFFFFFFF0u)
    throw std::length_error("more than 4 billion distinct strings in one pool");
  auto id = static_cast<uint32_t>(size());
  slots_[i] = id;
  bytes_.insert(bytes_.end(), s.begin(), s.end());
  offsets_.push_back(bytes_.size());
  hashes_.push_back(h);
  if (size() * 2 > slots_.size()) grow();
  return id;
}

void Interner::grow() {
  std::vector<uint32_t> bigger(slots_.size() * 2, kEmpty);
  size_t mask = bigger.size() - 1;
  for (uint32_t id = 0; id < size(); ++id) {
    size_t i = hashes_[id] & mask;
    while (bigger[i] != kEmpty) i = (i + 1) & mask;
    bigger[i] = id;
  }
  slots_.swap(bigger);
}

StringColumn Interner::release() {
  StringColumn col(Column<uint64_t>::owning(std::move(offsets_)),
                   Column<char>::owning(std::move(bytes_)));
  *this = Interner();
  return col;
}

}  // namespace lockstep::store
