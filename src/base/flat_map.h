// Open-addressing hash map from 64-bit keys to 32-bit values: a few bytes per entry where
// std::unordered_map costs ~40, which matters at 100M events. Key ~0 is reserved.
#pragma once

#include <cstdint>
#include <vector>

#include "base/hash.h"

namespace lockstep {

class FlatMap64 {
 public:
  static constexpr uint64_t kEmptyKey = ~uint64_t{0};
  static constexpr uint32_t kMissing = 0xFFFFFFFFu;

  FlatMap64() : keys_(1024, kEmptyKey), values_(1024) {}

  uint32_t find(uint64_t key) const {
    size_t mask = keys_.size() - 1;
    for (size_t i = hash_u64(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == kEmptyKey) return kMissing;
    }
  }

  // Inserts key -> value unless present; returns the value now stored.
  uint32_t insert(uint64_t key, uint32_t value) {
    if ((size_ + 1) * 2 > keys_.size()) grow();
    size_t mask = keys_.size() - 1;
    for (size_t i = hash_u64(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == kEmptyKey) {
        keys_[i] = key;
        values_[i] = value;
        ++size_;
        return value;
      }
    }
  }

  size_t size() const { return size_; }
  // Starts fetching the slot where a lookup of `key` begins (a hint; call it well before).
  void prefetch(uint64_t key) const {
    size_t i = hash_u64(key) & (keys_.size() - 1);
    __builtin_prefetch(&keys_[i]);
    __builtin_prefetch(&values_[i]);
  }

 private:
  void grow() {
    std::vector<uint64_t> keys(keys_.size() * 2, kEmptyKey);
    std::vector<uint32_t> values(keys.size());
    size_t mask = keys.size() - 1;
    for (size_t j = 0; j < keys_.size(); ++j) {
      if (keys_[j] == kEmptyKey) continue;
      size_t i = hash_u64(keys_[j]) & mask;
      while (keys[i] != kEmptyKey) i = (i + 1) & mask;
      keys[i] = keys_[j];
      values[i] = values_[j];
    }
    keys_.swap(keys);
    values_.swap(values);
  }

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
  size_t size_ = 0;
};

}  // namespace lockstep
