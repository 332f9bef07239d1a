#include "store/interner.h"

#include <stdexcept>

#include "base/hash.h"

namespace lockstep::store {

namespace {

// A slot holds the id (low 32 bits) and the top 32 bits of the string's hash (the tag). The tag
// rejects almost every non-matching slot without touching the string bytes, and the slot's
// position is taken from the tag's top bits, so growing the table needs neither the strings nor a
// stored hash: one cache miss per probe instead of three.
constexpr uint64_t kEmptySlot = ~uint64_t{0};
constexpr uint64_t slot_of(uint32_t id, uint32_t tag) {
  return uint64_t{tag} << 32 | id;
}

}  // namespace

Interner::Interner() : offsets_{0}, slots_(1024, kEmptySlot), shift_(32 - 10) {}

uint64_t Interner::hash(std::string_view s) {
  return hash_bytes(s);
}

uint32_t Interner::find(std::string_view s) const {
  const uint32_t tag = tag_of(hash_bytes(s));
  const size_t mask = slots_.size() - 1;
  for (size_t i = home(tag);; i = (i + 1) & mask) {
    const uint64_t slot = slots_[i];
    if (slot == kEmptySlot) return kNotFound;
    const auto id = static_cast<uint32_t>(slot);
    if (tag_of(slot) == tag && (*this)[id] == s) return id;
  }
}

uint32_t Interner::intern(std::string_view s) {
  return intern(s, hash_bytes(s));
}

uint32_t Interner::intern(std::string_view s, uint64_t hash) {
  const uint32_t tag = tag_of(hash);
  const size_t mask = slots_.size() - 1;
  size_t i = home(tag);
  for (;; i = (i + 1) & mask) {
    const uint64_t slot = slots_[i];
    if (slot == kEmptySlot) break;
    const auto id = static_cast<uint32_t>(slot);
    if (tag_of(slot) == tag && (*this)[id] == s) return id;
  }
  if (size() >= 0xFFFFFFF0u)
    throw std::length_error("more than 4 billion distinct strings in one pool");
  const auto id = static_cast<uint32_t>(size());
  slots_[i] = slot_of(id, tag);
  bytes_.insert(bytes_.end(), s.begin(), s.end());
  offsets_.push_back(bytes_.size());
  if (size() * 2 > slots_.size()) grow();
  return id;
}

void Interner::grow() {
  std::vector<uint64_t> bigger(slots_.size() * 2, kEmptySlot);
  --shift_;
  const size_t mask = bigger.size() - 1;
  for (const uint64_t slot : slots_) {
    if (slot == kEmptySlot) continue;
    size_t i = home(tag_of(slot));
    while (bigger[i] != kEmptySlot) i = (i + 1) & mask;
    bigger[i] = slot;
  }
  slots_.swap(bigger);
}

StringColumn Interner::copy() const {
  return {Column<uint64_t>::owning(offsets_), Column<char>::owning(bytes_)};
}

StringColumn Interner::release() {
  StringColumn col(Column<uint64_t>::owning(std::move(offsets_)),
                   Column<char>::owning(std::move(bytes_)));
  *this = Interner();
  return col;
}

}  // namespace lockstep::store
