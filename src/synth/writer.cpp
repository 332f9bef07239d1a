#include "synth/writer.h"

#include <charconv>

namespace lockstep::synth {

std::unique_ptr<Formatter> make_formatter(OutputFormat f, const Population& pop) {
  switch (f) {
    case OutputFormat::qut: return make_qut_formatter(pop);
    case OutputFormat::twitter_v1: return make_twitter_v1_formatter(pop);
    case OutputFormat::io_archive: return make_io_archive_formatter(pop);
  }
  return make_qut_formatter(pop);
}

void append_csv_field(std::string& out, std::string_view s) {
  bool quote = !s.empty() && (s.front() == ' ' || s.back() == ' ');
  for (char c : s)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') quote = true;
  if (!quote) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

namespace {
void two(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}
}  // namespace

void append_datetime(std::string& out, int64_t epoch_s, bool with_time) {
  // civil_from_days (Howard Hinnant)
  int64_t days = epoch_s >= 0 ? epoch_s / 86400 : (epoch_s - 86399) / 86400;
  int64_t rem = epoch_s - days * 86400;
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
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
