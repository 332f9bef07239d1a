// Fast non-cryptographic hashing (xxHash3) used for interning and item hashing.
#pragma once

// Inline mode: the hash of a 5-byte shingle or a short id is a few instructions, not a call into
// the shared library.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstdint>
#include <string_view>

namespace lockstep {

inline uint64_t hash_bytes(std::string_view s, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(s.data(), s.size(), seed);
}

// Mixes a 64-bit integer (splitmix64 finaliser); for hashing ids and pairs.
inline uint64_t hash_u64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace lockstep
