// MinHash signatures of texts, shared by batch near-duplicate clustering (coord/) and the live
// brigade detector (brigade/), so both call the same texts near-duplicates.
#include <string>

#include "base/hash.h"
#include "text/text.h"

namespace lockstep::text {

namespace {
constexpr size_t kShingle = 5;
}  // namespace

// Drops link tokens: shortened links differ per post and would hide identical text around them.
std::string strip_links(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  size_t i = 0;
  while (i < key.size()) {
    size_t end = key.find(' ', i);
    if (end == std::string_view::npos) end = key.size();
    std::string_view tok = key.substr(i, end - i);
    if (!tok.starts_with("http") && !tok.starts_with("www.")) {
      if (!out.empty()) out.push_back(' ');
      out.append(tok);
    }
    i = end + 1;
  }
  return out;
}

// One-permutation MinHash with rotation densification (Shrivastava, ICML 2017).
MinHashSignature minhash_signature(std::string_view s, uint64_t seed) {
  constexpr int kBins = kMinHashBins;
  MinHashSignature sig;
  sig.fill(UINT32_MAX);
  std::array<bool, kBins> filled{};
  if (s.size() < kShingle) {
    uint64_t h = hash_bytes(s, seed);
    sig[h % kBins] = static_cast<uint32_t>(h >> 32);
    filled[h % kBins] = true;
  }
  for (size_t i = 0; i + kShingle <= s.size(); ++i) {
    uint64_t h = hash_bytes(s.substr(i, kShingle), seed);
    size_t bin = h % kBins;
    auto v = static_cast<uint32_t>(h >> 32);
    if (v < sig[bin]) sig[bin] = v;
    filled[bin] = true;
  }
  for (int b = 0; b < kBins; ++b) {
    if (filled[b]) continue;
    for (int step = 1; step < kBins; ++step) {
      int from = (b + step) % kBins;
      if (filled[from]) {
        sig[b] = static_cast<uint32_t>(hash_u64(sig[from] + uint64_t(step) * 0x9e3779b9ULL));
        break;
      }
    }
  }
  return sig;
}

double minhash_similarity(const MinHashSignature& a, const MinHashSignature& b) {
  int same = 0;
  for (int i = 0; i < kMinHashBins; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / kMinHashBins;
}

}  // namespace lockstep::text
