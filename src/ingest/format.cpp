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

// Whether `key` (given with its quotes) occurs as an object key: followed by ':' after optional
// white space. A string value such as a hashtag named "data" is not a key.
bool has_key(std::string_view text, std::string_view key) {
  for (size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
    size_t next = text.find_first_not_of(" \t\r\n", at + key.size());
    if (next != std::string_view::npos && text[next] == ':') return true;
  }
  return false;
}

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  return s;
}

std::optional<Format> detect_json(std::string_view head, std::string& why) {
  // The first record: the first line for JSON lines, the head for a pretty-printed document.
  std::string_view first = head.substr(0, head.find('\n'));
  if (first.size() < 3 || first == "{" || first == "[") first = head;
  if (has_key(first, "\"messages\"") && (has_key(first, "\"type\"") || has_key(first, "\"name\"")))
    return Format::telegram;
  if (has_key(first, "\"personal_information\"") || has_key(first, "\"left_chats\"") ||
      (has_key(first, "\"chats\"") && has_key(first, "\"list\"")))
    return Format::telegram;  // a whole-account export, whose chats may start past the head
  if (has_key(first, "\"did\"") && (has_key(first, "\"commit\"") || has_key(first, "\"time_us\"")))
    return Format::bluesky;
  if (has_key(first, "\"id_str\"") || has_key(first, "\"screen_name\"")) return Format::twitter_v1;
  // Mastodon before v2: a status's media carry a "meta" key, and a v2 page is "data" + "meta".
  if (has_key(first, "\"account\"") &&
      (has_key(first, "\"reblog\"") || has_key(first, "\"visibility\"") ||
       has_key(first, "\"in_reply_to_account_id\"")))
    return Format::mastodon;
  if (has_key(first, "\"author_id\"") || has_key(first, "\"edit_history_tweet_ids\"") ||
      (has_key(first, "\"data\"") &&
       (has_key(first, "\"includes\"") || has_key(first, "\"meta\""))))
    return Format::twitter_v2;
  std::string err;
  if (auto layout = CsvLayout::from_json_keys(first, err)) return Format::ndjson;
  why =
      "JSON, but not a format lockstep knows (no X/Twitter, Bluesky, Mastodon or Telegram keys, "
      "and no "
      "account/time fields). Pass --format and, for flat JSON lines, --map "
      "account=FIELD,time=FIELD";
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
    if (escaped) {
      escaped = false;
      continue;
    }
    if (c == '\\') {
      escaped = in_string;
      continue;
    }
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
