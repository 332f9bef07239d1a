// MinHash signatures of texts, shared by batch near-duplicate clustering (coord/) and the live
// brigade detector (brigade/), so both call the same texts near-duplicates.
#include "base/minhash.h"

#include <string>

#include "base/hash.h"
#include "text/text.h"

namespace lockstep::text {

namespace {
constexpr size_t kShingle = 5;
}  // namespace

void message_words(std::string_view key, std::string& out) {
  out.clear();
  size_t i = 0;
  while (i < key.size()) {
    size_t end = key.find(' ', i);
    if (end == std::string_view::npos) end = key.size();
    std::string_view tok = key.substr(i, end - i);
    if (!tok.starts_with('@') && !tok.starts_with("http") && !tok.starts_with("www.")) {
      if (!out.empty()) out.push_back(' ');
      out.append(tok);
    }
    i = end + 1;
  }
}

std::string message_words(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  message_words(key, out);
  return out;
}

uint32_t count_letters(std::string_view s) {
  uint32_t n = 0;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      n += (c >= '0' && c <= '9') ||
           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');  // isalnum, "C" locale
      ++i;
      continue;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    n += len > 1 && (cp < 0x2000 || (cp >= 0x3040 && cp <= 0xD7AF));
    i += static_cast<size_t>(len);
  }
  return n;
}

// The MinHash of s's 5-byte shingles (one hash for a shorter s). The bytes are rolled into one
// integer and mixed: a few instructions a shingle, no call.
MinHashSignature minhash_signature(std::string_view s, uint64_t seed) {
  return one_permutation_minhash([&](auto&& add) {
    if (s.size() < kShingle) add(hash_bytes(s, seed));
    constexpr uint64_t kMask = (uint64_t{1} << (8 * kShingle)) - 1;
    uint64_t window = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      window = ((window << 8) | static_cast<unsigned char>(s[i])) & kMask;
      if (i + 1 >= kShingle) add(hash_u64(window ^ seed));
    }
  });
}

double minhash_similarity(const MinHashSignature& a, const MinHashSignature& b) {
  return similarity(a, b);
}

}  // namespace lockstep::text
