#include "synth/writer.h"

#include <cstring>

#include "base/time_parse.h"

namespace lockstep::synth {

std::unique_ptr<Formatter> make_formatter(OutputFormat f, const Population& pop) {
  switch (f) {
    case OutputFormat::qut:
      return make_qut_formatter(pop);
    case OutputFormat::twitter_v1:
      return make_twitter_v1_formatter(pop);
    case OutputFormat::io_archive:
      return make_io_archive_formatter(pop);
  }
  return make_qut_formatter(pop);
}

void append_csv_field(std::string& out, std::string_view s) {
  CsvRecord r(out, 2 * s.size() + 2);
  r.field(s);
}

namespace {

constexpr char kPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Decimal digits of v, right-aligned in buf[20]; returns the first digit. Ids have 19 digits:
// peel 8 at a time with one 64-bit division, then work in cheap 32-bit arithmetic.
char* decimal(uint64_t v, char (&buf)[20]) {
  char* p = buf + sizeof buf;
  while (v >= 100000000) {
    auto x = static_cast<uint32_t>(v % 100000000);
    v /= 100000000;
    const uint32_t hi = x / 10000, lo = x % 10000;
    p -= 8;
    std::memcpy(p, kPairs + 2 * (hi / 100), 2);
    std::memcpy(p + 2, kPairs + 2 * (hi % 100), 2);
    std::memcpy(p + 4, kPairs + 2 * (lo / 100), 2);
    std::memcpy(p + 6, kPairs + 2 * (lo % 100), 2);
  }
  auto x = static_cast<uint32_t>(v);
  while (x >= 100) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * (x % 100), 2);
    x /= 100;
  }
  if (x >= 10) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * x, 2);
  } else {
    *--p = static_cast<char>('0' + x);
  }
  return p;
}

bool needs_quotes(std::string_view s) {
  if (s.empty()) return false;
  if (s.front() == ' ' || s.back() == ' ') return true;
  // memchr is vectorised: four passes beat one byte loop with four comparisons.
  for (char c : {',', '"', '\n', '\r'})
    if (std::memchr(s.data(), c, s.size())) return true;
  return false;
}

}  // namespace

void append_uint(std::string& out, uint64_t v) {
  char buf[20];
  char* p = decimal(v, buf);
  out.append(p, static_cast<size_t>(buf + sizeof buf - p));
}

void CsvRecord::number(uint64_t v) {
  char buf[20];
  char* p = decimal(v, buf);
  raw(std::string_view(p, static_cast<size_t>(buf + sizeof buf - p)));
}

void CsvRecord::field(std::string_view s) {
  if (!needs_quotes(s)) return raw(s);
  put('"');
  for (size_t q; (q = s.find('"')) != std::string_view::npos; s.remove_prefix(q + 1)) {
    raw(s.substr(0, q + 1));
    put('"');
  }
  raw(s);
  put('"');
}

namespace {
void two(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}
}  // namespace

void append_datetime(std::string& out, int64_t epoch_s, bool with_time) {
  int64_t days = epoch_s >= 0 ? epoch_s / 86400 : (epoch_s - 86399) / 86400;
  int64_t rem = epoch_s - days * 86400;
  const CivilDate date = civil_from_days(days);
  const int64_t y = date.year;
  const unsigned m = date.month, d = date.day;
  append_uint(out, static_cast<uint64_t>(y));
  out += '-';
  two(out, m);
  out += '-';
  two(out, d);
  if (!with_time) return;
  out += ' ';
  two(out, static_cast<unsigned>(rem / 3600));
  out += ':';
  two(out, static_cast<unsigned>(rem / 60 % 60));
  out += ':';
  two(out, static_cast<unsigned>(rem % 60));
}

}  // namespace lockstep::synth
