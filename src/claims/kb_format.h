// How a record lives in the KB's Xapian database: value slots hold the record as JSON, the review
// date (for --since/--until) and the analysed fields the re-ranker's features read; metadata the
// field lengths. Xapian terms: Q<id>, U<review url>, K<claim+reviewer key>, L<lang>, P<publisher
// or site key> (dedupe and filters). The first stage's terms (stems, ASCII words, character
// 4-grams) are not Xapian's: KB/lexical.idx is built from the fields (lexical_index.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims/claims.h"

namespace lockstep::claims {

inline constexpr unsigned kSlotDay = 0;     // Xapian::sortable_serialise(days since epoch)
inline constexpr unsigned kSlotFields = 1;  // DocFields::serialize
// record_to_json. A value rather than the document data: Xapian compresses document data with
// zlib one record at a time, which took a fifth of the indexing time.
inline constexpr unsigned kSlotRecord = 2;
inline constexpr std::string_view kClaimLenSum = "claim_len_sum";  // metadata keys
inline constexpr std::string_view kTitleLenSum = "title_len_sum";
// Metadata key naming the KB's layout; KBs without it kept the first stage's terms in Xapian and
// lack the fields the lexical index is built from.
inline constexpr std::string_view kLayoutKey = "layout";
inline constexpr std::string_view kLayout = "2";
// What to tell the user about a KB of the earlier layout.
std::string old_layout_message(const std::filesystem::path& kb);

// The analysed fields the re-ranker compares with a query.
struct DocFields {
  std::vector<std::string> claim_stems, title_stems, claim_ascii, title_ascii;
  std::vector<std::string> numbers, entities, claimant;
  // For the lexical index: ASCII forms of the stems of non-ASCII tokens (Analysis::ascii_stems)
  // and the ASCII forms of non-Latin-script tokens, whose character 4-grams are indexed; claim's
  // then title's.
  std::vector<std::string> ascii_stems, script_words;
  std::optional<int64_t> day;  // claim date, else review date

  std::string serialize() const;
  static DocFields parse(std::string_view s);
};

// Reading serialize()'s text without building a DocFields: f(name, body) for every field line
// "name<TAB>body", and f(token) for every token of a body (space-separated, empty ones skipped).
// DocFields::parse and the lexical index's term scan both read through these.
template <typename F>
void for_each_field(std::string_view s, F&& f) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find('\n', pos);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() >= 2 && line[1] == '\t') f(line[0], line.substr(2));
  }
}
template <typename F>
void for_each_token(std::string_view body, F&& f) {
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find(' ', pos);
    if (end == std::string_view::npos) end = body.size();
    if (end > pos) f(body.substr(pos, end - pos));
    pos = end + 1;
  }
}

std::string record_to_json(const ClaimRecord& r);
// False when `json` is not a record this code wrote.
bool record_from_json(std::string_view json, ClaimRecord& r);

// Days since 1970-01-01 of a YYYY-MM-DD (or any parse_time_ms) date.
std::optional<int64_t> day_of(std::string_view date);

}  // namespace lockstep::claims
