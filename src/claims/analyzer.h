// Text -> the terms claims retrieval compares: tweet-aware clean-up, tokens, Snowball stems in
// the text's language, ASCII transliterations (so "Путин", "Պուտին" and "Putin" meet), numbers and
// capitalised names. Owns ICU and CLD2-facing state: make one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lockstep::claims {

struct Analysis {
  std::string lang;                // ISO 639-1 ("en"), or "" when unknown
  std::vector<std::string> stems;  // one per token, in order
  std::vector<std::string> ascii;  // one per token: folded, transliterated to ASCII
  // ASCII forms of the stems of non-ASCII tokens ("Փաշինյանը" -> "pashinyan"), so that an
  // inflected name in one script meets the bare name in another.
  std::vector<std::string> ascii_stems;
  // Character 4-grams of the ASCII forms of non-Latin tokens: where transliterations differ
  // ("p'asinyane" from Armenian, "pashinyan" in English) most of their 4-grams still agree.
  std::vector<std::string> script_ngrams;  // only for tokens in non-Latin scripts
  std::vector<std::string> script_words;   // the ASCII forms those 4-grams come from
  std::vector<std::string> capitalised;    // ASCII forms of all capitalised tokens (names)
  std::vector<std::string> numbers;        // digit strings ("1000", "3.5")
  std::vector<std::string> entities;       // ASCII forms of capitalised tokens inside sentences
  std::vector<std::string> signature;      // tweet author's name from its "— Name (@handle) date"
  std::optional<int64_t> signature_day;    // the date in that signature, days since 1970-01-01
};

class Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // `lang_hint` (ISO 639-1 or BCP-47) picks the stemmer; empty = CLD2 decides, falling back on
  // the dominant script. `tweet` strips the trailing signature and "RT @x:".
  Analysis analyze(std::string_view text, std::string_view lang_hint, bool tweet);

  // ISO 639-1 code of the text's language, or "" when CLD2 and the script cannot tell.
  std::string detect_language(std::string_view text);

  // The text with URLs dropped, hashtags and @handles split into words ("#FakeNews" -> "Fake
  // News") and, for a tweet, the signature cut off (returned in `signature`).
  static std::string clean(std::string_view text, bool tweet, std::string* signature,
                           std::optional<int64_t>* signature_day);

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// Character 4-grams of ASCII tokens with word boundaries ("_oba", "obam", ...), sorted, unique.
std::vector<std::string> char_ngrams(const std::vector<std::string>& ascii);

}  // namespace lockstep::claims
