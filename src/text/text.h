// text/ — what lockstep does to strings before it compares them.
//
//  * UTF-8 checking and repair (invalid bytes become U+FFFD and are counted, never passed on).
//  * Normalizer: NFKC + case folding (`fold`, for hashtags and handles) and the UTS #39 confusables
//    skeleton on top (`match_key`, for near-duplicate text) so that look-alike letters from Latin,
//    Cyrillic, Greek and Armenian meet. It owns ICU objects: make one per thread.
//  * URL normalisation, so that the same link shared with different tracking tails counts once.
//  * MinHash signatures of character 5-grams, for near-duplicate text.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::text {

bool is_valid_utf8(std::string_view s);

// Appends `in` to `out` with every invalid UTF-8 sequence replaced by U+FFFD; returns how many
// sequences were replaced.
size_t repair_utf8(std::string_view in, std::string& out);

class Normalizer {
 public:
  Normalizer();
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // NFKC_Casefold of valid UTF-8 `in`, written to `out` (replaced).
  void fold(std::string_view in, std::string& out);
  // fold, then the confusables skeleton, with runs of white space collapsed to one space and
  // trimmed. Not for display: "main" becomes "rnain" so that it meets "rnain" typed as a disguise.
  void match_key(std::string_view in, std::string& out);

 private:
  struct Icu;
  std::unique_ptr<Icu> icu_;
  // Skeleton of one code point. UTS #39 maps code point by code point (between two NFDs), so a
  // per-code-point cache gives ICU's answer except where combining marks of different classes
  // would be reordered across characters - rare in posts, and both sides of a comparison agree.
  const std::string& skeleton_of(int32_t code_point);

  // Appends the key of one ASCII character (collapsing white space) at `o`; returns the new end.
  char* put_ascii_key(unsigned char c, char* begin, char* o) const;
  // Append the keys of ASCII text (by table) and of any text (through ICU) to `out`.
  void append_ascii_keys(std::string_view ascii, std::string& out) const;
  void append_icu_keys(std::string_view in, std::string& out);

  // ASCII fast path, computed from ICU itself at construction so both paths agree exactly.
  std::array<std::string, 128> ascii_key_;
  // The same keys as short inline byte strings (len 0xFF: white space), written without a call.
  struct AsciiKey {
    std::array<char, 7> bytes{};
    uint8_t len = 0;
  };
  std::array<AsciiKey, 128> ascii_fast_{};
  size_t ascii_key_max_ = 1;          // the longest ASCII key, in bytes
  bool ascii_boundaries_ = false;     // every ASCII character starts an NFKC_Casefold boundary
  std::vector<std::string> bmp_key_;  // lazily filled, for U+0080..U+FFFF
  std::vector<bool> bmp_known_;
  std::string scratch_, scratch_cp_;
};

// Canonical form of a shared link: lower-case scheme and host, http folded into https, "www."
// and default ports dropped, fragment dropped, tracking parameters (utm_*, fbclid, gclid, ...)
// removed, trailing slash removed. A value that is not a URL (an opaque id) is returned trimmed.
std::string normalize_url(std::string_view url);

// Host part of a normalised URL ("" for an opaque id).
std::string_view url_domain(std::string_view normalized_url);

}  // namespace lockstep::text

namespace lockstep::text {

// Hashtags and @mentions written in a post's text, for formats that carry no entity lists
// (QUT toolkit CSV, plain tables). Follows the platforms' rules closely enough: a tag is '#' or
// '＃' then letters, digits, marks or '_' with at least one non-digit; a mention is '@' then
// [A-Za-z0-9_.] not preceded by a word character (so e-mail addresses are not mentions).
void extract_hashtags(std::string_view text, std::vector<std::string>& out);
void extract_mentions(std::string_view text, std::vector<std::string>& out);

// One-permutation MinHash (64 bins, densified) over the character 5-grams of `s`; the share of
// equal bins between two signatures estimates the Jaccard similarity of their 5-gram sets.
inline constexpr int kMinHashBins = 64;
using MinHashSignature = std::array<uint32_t, kMinHashBins>;
MinHashSignature minhash_signature(std::string_view s, uint64_t seed);
double minhash_similarity(const MinHashSignature& a, const MinHashSignature& b);
// The words of a match key that carry its message: link tokens (http..., www....) and @mentions
// dropped. Shortened links differ per post and mentions name whom a reply answers; both would
// hide identical text around them. `out` is overwritten (its capacity reused).
void message_words(std::string_view key, std::string& out);
std::string message_words(std::string_view key);
// Letters and digits in UTF-8 text: emoji and symbols say little about whether two posts share a
// message ("literally crying 😂😂😂" is a cheer, not copypasta), so they do not make a text long
// enough to compare. Counts ASCII alphanumerics and code points of alphabets and syllabaries
// (below U+2000, and U+3040..U+D7AF for kana, CJK and Hangul).
uint32_t count_letters(std::string_view s);

}  // namespace lockstep::text
