// MinHash sketches and LSH bucketing, shared by the two signals that must find similar sets without
// comparing all pairs: near-duplicate texts (sets of character 5-grams) and synchronised accounts
// (sets of the moments they were active).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "base/hash.h"

namespace lockstep {

inline constexpr int kMinHashBins = 64;
using Signature = std::array<uint32_t, kMinHashBins>;

// One-permutation MinHash with rotation densification (Shrivastava, ICML 2017): one hash per
// element instead of one per element and bin. `for_each_hash(add)` calls add(h) for every element's
// 64-bit hash; the bin is h's low bits, the value its high half.
template <class ForEachHash>
Signature one_permutation_minhash(ForEachHash&& for_each_hash) {
  Signature sig;
  sig.fill(UINT32_MAX);
  std::array<bool, kMinHashBins> filled{};
  for_each_hash([&](uint64_t h) {
    size_t bin = h % kMinHashBins;
    auto v = static_cast<uint32_t>(h >> 32);
    if (v < sig[bin]) sig[bin] = v;
    filled[bin] = true;
  });
  for (int b = 0; b < kMinHashBins; ++b) {
    if (filled[b]) continue;
    for (int step = 1; step < kMinHashBins; ++step) {
      int from = (b + step) % kMinHashBins;
      if (filled[from]) {
        sig[b] = static_cast<uint32_t>(hash_u64(sig[from] + uint64_t(step) * 0x9e3779b9ULL));
        break;
      }
    }
  }
  return sig;
}

// Estimated Jaccard similarity: the share of bins where the two minima agree.
inline double similarity(const Signature& a, const Signature& b) {
  int same = 0;
  for (int i = 0; i < kMinHashBins; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / kMinHashBins;
}

// What a pairing step keeps of a signature to check candidates: the low byte of every bin (b-bit
// MinHash, Li & Koenig 2010), one cache line instead of four.
using ShortSignature = std::array<uint8_t, kMinHashBins>;

inline ShortSignature shorten(const Signature& sig) {
  ShortSignature s;
  for (int i = 0; i < kMinHashBins; ++i) s[i] = static_cast<uint8_t>(sig[i]);
  return s;
}

// Jaccard estimated from the low bytes, corrected for the 1/256 chance that two different minima
// share their low byte.
inline double short_similarity(const ShortSignature& a, const ShortSignature& b) {
  int same = 0;
  for (int i = 0; i < kMinHashBins; ++i) same += a[i] == b[i];
  constexpr double kChance = 1.0 / 256;
  return (static_cast<double>(same) / kMinHashBins - kChance) / (1 - kChance);
}

// The LSH key of one band of `rows` bins: sets whose minima agree on all of them share it.
inline uint64_t band_key(const Signature& sig, int band, int rows) {
  uint64_t h = hash_u64(uint64_t(band) << 58 | uint64_t(rows));
  for (int r = 0; r < rows; ++r) h = hash_u64(h ^ sig[static_cast<size_t>(band * rows + r)]);
  return h;
}

// Calls f(members) for every group of two or more items with equal keys, members in increasing
// index order. Radix-partitions on the keys' top bits and sorts each partition, which stays in
// cache where one big hash table or one big sort would not.
template <class F>
void for_each_bucket(std::span<const uint64_t> keys, F&& f) {
  int bits = 8;  // partitions of a few thousand entries: each sorts within the L2 cache
  while (bits < 16 && (keys.size() >> bits) > 4096) ++bits;
  auto part = [bits](uint64_t k) { return static_cast<size_t>(k >> (64 - bits)); };
  std::vector<uint32_t> start(size_t{1} << bits, 0);
  for (uint64_t k : keys) ++start[part(k)];
  uint32_t sum = 0;
  for (uint32_t& c : start) sum += std::exchange(c, sum);
  std::vector<uint32_t> end = start;
  std::vector<std::pair<uint64_t, uint32_t>> entries(keys.size());
  for (uint32_t x = 0; x < keys.size(); ++x) entries[end[part(keys[x])]++] = {keys[x], x};
  std::vector<uint32_t> members;
  for (size_t p = 0; p < start.size(); ++p) {
    auto first = entries.begin() + start[p], last = entries.begin() + end[p];
    std::sort(first, last);  // by key, then by index
    for (auto it = first; it != last;) {
      auto group_end = it + 1;
      while (group_end != last && group_end->first == it->first) ++group_end;
      if (group_end - it >= 2) {
        members.clear();
        for (auto m = it; m != group_end; ++m) members.push_back(m->second);
        f(std::span<const uint32_t>(members));
      }
      it = group_end;
    }
  }
}

}  // namespace lockstep
