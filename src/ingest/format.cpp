#include "ingest/format.h"

#include <array>
#include <utility>

#include "ingest/csv_layout.h"

namespace lockstep::ingest {

namespace {

constexpr std::array<std::pair<Format, std::string_view>, 11> kNames = {{
    {Format::auto_detect, "auto"},
    {Format::twitter_v1, "twitter-v1"},
    {Format::twitter_v2, "twitter-v2"},
    {Format::io_archive, "io-archive"},
    {Format::bluesky, "bluesky"},
    {Format::mastodon, "mastodon"},
    {Format::telegram, "telegram"},
    {Format::coortweet, "coortweet"},
    {Format::qut, "qut"},
    {Format::csv, "csv"},
    {Format::ndjson, "ndjson"},
}};

bool has(std::string_view text, std::string_view key) { return text.find(key) != std::string_view::npos; }

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  return s;
}

std::optional<Format> detect_json(std::string_view head, std::string& why) {
  // The first record: the first line for JSON lines, the head for a pretty-printed document.
  std::string_view first = head.substr(0, head.find('\n'));
  if (first.size() < 3 || first == "{" || first == "[") first = head;
  if (has(first, "\"messages\"") && (has(first, "\"type\"") || has(first, "\"name\""))) return Format::telegram;
  if (has(first, "\"did\"") && (has(first, "\"commit\"") || has(first, "\"time_us\""))) return Format::bluesky;
  if (has(first, "\"id_str\"") || has(first, "\"screen_name\"")) return Format::twitter_v1;
  if (has(first, "\"author_id\"") || has(first, "\"edit_history_tweet_ids\"") ||
      (has(first, "\"data\"") && (has(first, "\"includes\"") || has(first, "\"meta\""))))
    return Format::twitter_v2;
  if (has(first, "\"account\"") && (has(first, "\"reblog\"") || has(first, "\"in_reply_to_account_id\"") ||
                                     has(first, "\"visibility\"")))
    return Format::mastodon;
  std::string err;
  if (auto layout = CsvLayout::from_json_keys(first, err)) return Format::ndjson;
  why = "JSON, but not a format lockstep knows (no X/Twitter, Bluesky, Mastodon or Telegram keys, and no "
        "account/time fields). Pass --format and, for flat JSON lines, --map account=FIELD,time=FIELD";
  return std::nullopt;
}

}  // namespace

const char* to_string(Format f) {
  for (const auto& [fmt, name] : kNames)
    if (fmt == f) return name.data();
  return "auto";
}

std::optional<Format> parse_format(std::string_view name) {
  for (const auto& [fmt, n] : kNames)
    if (n == name) return fmt;
  return std::nullopt;
}

std::string format_names() {
  std::string out;
  for (const auto& [fmt, n] : kNames) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

bool is_single_document(std::string_view head) {
  head = skip_bom_and_space(head);
  if (head.starts_with("[")) return true;
  std::string_view first = head.substr(0, head.find('\n'));
  // A line that is just "{" (or "{ ...") without its closing brace is a pretty-printed document.
  size_t open = 0, close = 0;
  bool in_string = false, escaped = false;
  for (char c : first) {
    if (escaped) { escaped = false; continue; }
    if (c == '\\') { escaped = in_string; continue; }
    if (c == '"') in_string = !in_string;
    if (!in_string && c == '{') ++open;
    if (!in_string && c == '}') ++close;
  }
  return open > close && head.find('\n') != std::string_view::npos;
}

std::optional<Format> detect_format(std::string_view head, std::string& why) {
  std::string_view s = skip_bom_and_space(head);
  if (s.empty()) {
    why = "the file is empty";
    return std::nullopt;
  }
  if (s.find('\0') != std::string_view::npos) {
    why = "the file looks binary (it has NUL bytes) and is not gzip or zstd either";
    return std::nullopt;
  }
  if (s.front() == '{' || s.front() == '[') return detect_json(s, why);
  std::string_view header = s.substr(0, s.find('\n'));
  auto layout = CsvLayout::from_header(header, why);
  if (!layout) return std::nullopt;
  return layout->format;
}

}  // namespace lockstep::ingest
