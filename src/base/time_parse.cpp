#include "base/time_parse.h"

#include <fmt/format.h>

#include <array>

namespace lockstep {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

bool is_digit(char c) {  // std::isdigit without the call (the "C" locale's digits)
  return c >= '0' && c <= '9';
}

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  // Reads exactly n digits.
  bool digits(int n, int64_t& v) {
    v = 0;
    for (int k = 0; k < n; ++k) {
      if (done() || !is_digit(s[i])) return false;
      v = v * 10 + (s[i++] - '0');
    }
    return true;
  }
};

bool valid_date(int64_t y, int64_t mo, int64_t d) {
  return y >= 1900 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

// "hh:mm[:ss[.fff]]" then an optional zone "Z", "+hh:mm", "+hhmm", " +0000", " UTC".
std::optional<int64_t> parse_clock_and_zone(Cursor& c, int64_t& ms) {
  int64_t h, mi, sec = 0;
  if (!c.digits(2, h) || !c.eat(':') || !c.digits(2, mi)) return std::nullopt;
  if (c.eat(':') && !c.digits(2, sec)) return std::nullopt;
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  ms = ((h * 60 + mi) * 60 + sec) * 1000;
  if (c.eat('.') || c.eat(',')) {
    int64_t frac = 0, scale = 100;
    bool any = false;
    while (!c.done() && is_digit(c.peek())) {
      frac += (c.s[c.i++] - '0') * scale;
      scale /= 10;
      any = true;
    }
    if (!any) return std::nullopt;
    ms += frac;
  }
  while (c.peek() == ' ') ++c.i;
  int64_t offset_min = 0;
  if (c.eat('Z') || c.eat('z')) {
  } else if (c.s.substr(c.i) == "UTC" || c.s.substr(c.i) == "GMT") {
    c.i += 3;
  } else if (c.peek() == '+' || c.peek() == '-') {
    int sign = c.s[c.i++] == '-' ? -1 : 1;
    int64_t oh, om = 0;
    if (!c.digits(2, oh)) return std::nullopt;
    c.eat(':');
    if (!c.done() && !c.digits(2, om)) return std::nullopt;
    offset_min = sign * (oh * 60 + om);
  }
  return offset_min;
}

std::optional<int64_t> parse_iso(std::string_view s) {
  Cursor c{s};
  int64_t y, mo, d;
  if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, mo) || !c.eat('-') || !c.digits(2, d))
    return std::nullopt;
  if (!valid_date(y, mo, d)) return std::nullopt;
  int64_t day_ms =
      days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400000;
  if (c.done()) return day_ms;
  if (!c.eat('T') && !c.eat(' ') && !c.eat('t')) return std::nullopt;
  int64_t ms = 0;
  auto offset = parse_clock_and_zone(c, ms);
  if (!offset || !c.done()) return std::nullopt;
  return day_ms + ms - *offset * 60000;
}

// "Wed Oct 10 20:19:24 +0000 2018"
std::optional<int64_t> parse_twitter(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (s.size() != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ') return std::nullopt;
  int month = -1;
  for (int m = 0; m < 12; ++m)
    if (s.substr(4, 3) == kMonths[static_cast<size_t>(m)]) month = m + 1;
  if (month < 0) return std::nullopt;
  Cursor day{s.substr(8, 2)}, year{s.substr(26, 4)};
  int64_t d, y;
  if (!day.digits(2, d) || !year.digits(4, y) || !valid_date(y, month, d)) return std::nullopt;
  Cursor clock{s.substr(11, 14)};
  int64_t ms = 0;
  auto offset = parse_clock_and_zone(clock, ms);
  if (!offset || !clock.done()) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(month), static_cast<unsigned>(d)) * 86400000 +
         ms - *offset * 60000;
}

std::optional<int64_t> parse_epoch(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && s[i] == '-') {
    neg = true;
    ++i;
  }
  int64_t whole = 0;
  size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) {
    if (digits >= 18) return std::nullopt;
    whole = whole * 10 + (s[i++] - '0');
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  int64_t frac_ms = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int64_t scale = 100;
    while (i < s.size() && is_digit(s[i])) {
      frac_ms += (s[i++] - '0') * scale;
      scale /= 10;
    }
  }
  if (i != s.size()) return std::nullopt;
  // 13+ digits are milliseconds (seconds would be past year 2286); 16+ microseconds.
  int64_t ms = digits >= 16 ? whole / 1000 : digits >= 13 ? whole : whole * 1000 + frac_ms;
  return neg ? -ms : ms;
}

}  // namespace

std::optional<int64_t> parse_time_ms(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  if (auto v = parse_epoch(s)) return v;
  if (s.size() >= 10 && s[4] == '-') return parse_iso(s);
  return parse_twitter(s);
}

CivilDate civil_from_days(int64_t days) {
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

void format_iso8601_ms(int64_t ms, char (&out)[32]) {
  int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
  int64_t rem = ms - days * 86400000;
  CivilDate c = civil_from_days(days);
  auto r = fmt::format_to_n(out, sizeof out - 1, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                            c.year, c.month, c.day, rem / 3600000, rem / 60000 % 60,
                            rem / 1000 % 60, rem % 1000);
  *r.out = '\0';
}

}  // namespace lockstep
