// How a record lives in the KB's Xapian database: the document data is the record as JSON; value
// slots hold the review date (for --since/--until), the analysed fields the re-ranker's features
// read, and the field lengths. Terms: S<stem> and A<ascii> (claim + title, for BM25),
// Q<id>, U<review url>, K<claim+reviewer key>, L<lang>, P<publisher or site key>.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims/claims.h"

namespace lockstep::claims {

inline constexpr unsigned kSlotDay = 0;     // Xapian::sortable_serialise(days since epoch)
inline constexpr unsigned kSlotFields = 1;  // DocFields::serialize
inline constexpr std::string_view kClaimLenSum = "claim_len_sum";  // metadata keys
inline constexpr std::string_view kTitleLenSum = "title_len_sum";

// The analysed fields the re-ranker compares with a query.
struct DocFields {
  std::vector<std::string> claim_stems, title_stems, claim_ascii, title_ascii;
  std::vector<std::string> numbers, entities, claimant;
  std::optional<int64_t> day;  // claim date, else review date

  std::string serialize() const;
  static DocFields parse(std::string_view s);
};

std::string record_to_json(const ClaimRecord& r);
// False when `json` is not a record this code wrote.
bool record_from_json(std::string_view json, ClaimRecord& r);

// Days since 1970-01-01 of a YYYY-MM-DD (or any parse_time_ms) date.
std::optional<int64_t> day_of(std::string_view date);

}  // namespace lockstep::claims
