// Timestamps as platforms write them, to epoch milliseconds UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lockstep {

// Accepts: epoch seconds (with optional fraction) or milliseconds (13+ digits); ISO 8601 /
// RFC 3339 ("2021-08-01T12:00:00.123Z", "+02:00" offsets, "2021-08-01 12:00", "2013-05-01");
// Twitter v1.1 "Wed Oct 10 20:19:24 +0000 2018". Returns nullopt for anything else.
std::optional<int64_t> parse_time_ms(std::string_view s);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

struct CivilDate {
  int64_t year;
  unsigned month, day;
};
// The proleptic Gregorian date of a day number (days since 1970-01-01), Hinnant's inverse.
CivilDate civil_from_days(int64_t days);

// "2021-08-01T12:00:00.000Z"
void format_iso8601_ms(int64_t ms, char (&out)[32]);

}  // namespace lockstep
