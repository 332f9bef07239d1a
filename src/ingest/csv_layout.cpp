#include "ingest/csv_layout.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

namespace lockstep::ingest {

namespace {

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {"post",
                                                                   "account",
                                                                   "handle",
                                                                   "name",
                                                                   "created",
                                                                   "followers",
                                                                   "time",
                                                                   "text",
                                                                   "lang",
                                                                   "repost_of",
                                                                   "repost_of_account",
                                                                   "reply_to",
                                                                   "reply_to_account",
                                                                   "quote_of",
                                                                   "urls",
                                                                   "hashtags",
                                                                   "mentions",
                                                                   "media"};

// Column names that mean a field in tables people commonly export (first match wins).
struct Alias {
  Field field;
  std::string_view name;
};
constexpr Alias kAliases[] = {
    {Field::post, "post_id"},
    {Field::post, "tweet_id"},
    {Field::post, "tweetid"},
    {Field::post, "message_id"},
    {Field::post, "content_id"},
    {Field::post, "status_id"},
    {Field::post, "id"},
    {Field::account, "account_id"},
    {Field::account, "user_id"},
    {Field::account, "userid"},
    {Field::account, "author_id"},
    {Field::account, "account"},
    {Field::account, "user"},
    {Field::account, "author"},
    {Field::handle, "username"},
    {Field::handle, "screen_name"},
    {Field::handle, "user_screen_name"},
    {Field::handle, "handle"},
    {Field::handle, "author_handle"},
    {Field::name, "user_display_name"},
    {Field::name, "display_name"},
    {Field::name, "name"},
    {Field::created, "account_creation_date"},
    {Field::created, "account_created_at"},
    {Field::created, "user_created_at"},
    {Field::followers, "follower_count"},
    {Field::followers, "followers_count"},
    {Field::followers, "followers"},
    {Field::time, "timestamp"},
    {Field::time, "timestamp_share"},
    {Field::time, "tweet_time"},
    {Field::time, "created_at"},
    {Field::time, "time"},
    {Field::time, "datetime"},
    {Field::time, "date"},
    {Field::time, "published"},
    {Field::time, "published_at"},
    {Field::text, "text"},
    {Field::text, "tweet_text"},
    {Field::text, "full_text"},
    {Field::text, "message"},
    {Field::text, "content"},
    {Field::text, "body"},
    {Field::lang, "lang"},
    {Field::lang, "language"},
    {Field::lang, "tweet_language"},
    {Field::repost_of, "repost_id"},
    {Field::repost_of, "retweet_id"},
    {Field::repost_of, "retweet_tweetid"},
    {Field::repost_of, "retweeted_id"},
    {Field::repost_of, "object_id"},
    {Field::repost_of, "shared_post_id"},
    {Field::repost_of_account, "retweet_userid"},
    {Field::repost_of_account, "retweeted_user_id"},
    {Field::reply_to, "reply_id"},
    {Field::reply_to, "in_reply_to_tweetid"},
    {Field::reply_to, "in_reply_to_status_id"},
    {Field::reply_to, "in_reply_to_id"},
    {Field::reply_to, "reply_to_id"},
    {Field::reply_to_account, "in_reply_to_userid"},
    {Field::reply_to_account, "in_reply_to_user_id"},
    {Field::reply_to_account, "in_reply_to_account_id"},
    {Field::quote_of, "quoted_tweet_tweetid"},
    {Field::quote_of, "quote_id"},
    {Field::quote_of, "quoted_id"},
    {Field::urls, "urls"},
    {Field::urls, "url"},
    {Field::urls, "url_id"},
    {Field::urls, "expanded_url"},
    {Field::urls, "links"},
    {Field::urls, "link"},
    {Field::hashtags, "hashtags"},
    {Field::hashtags, "hashtag"},
    {Field::hashtags, "hashtag_id"},
    {Field::hashtags, "tags"},
    {Field::mentions, "user_mentions"},
    {Field::mentions, "mentions"},
    {Field::mentions, "mention"},
    {Field::media, "media"},
    {Field::media, "media_id"},
    {Field::media, "phash_id"},
    {Field::media, "phash"},
    {Field::media, "image_hash"},
};

std::string lower_trim(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

bool has_all(const std::vector<std::string>& cols, std::initializer_list<std::string_view> names) {
  return std::all_of(names.begin(), names.end(), [&](std::string_view n) {
    return std::find(cols.begin(), cols.end(), n) != cols.end();
  });
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

const char* to_string(Field f) {
  return kFieldNames[static_cast<size_t>(f)].data();
}

std::optional<Field> parse_field(std::string_view name) {
  for (size_t i = 0; i < kFieldCount; ++i)
    if (kFieldNames[i] == name) return static_cast<Field>(i);
  return std::nullopt;
}

std::optional<CsvLayout> CsvLayout::from_columns(std::vector<std::string> columns, std::string& why,
                                                 Format forced, std::string_view map) {
  CsvLayout l;
  l.columns = std::move(columns);
  l.column_of.fill(-1);
  const auto& cols = l.columns;
  auto index = [&](std::string_view name) {
    auto it = std::find(cols.begin(), cols.end(), name);
    return it == cols.end() ? -1 : static_cast<int>(it - cols.begin());
  };
  auto set = [&](Field f, std::string_view name) {
    l.column_of[static_cast<size_t>(f)] = index(name);
  };

  Format format = forced;
  if (format == Format::auto_detect || format == Format::csv) {
    if (has_all(cols, {"object_id", "account_id", "content_id", "timestamp_share"}) &&
        forced == Format::auto_detect)
      format = Format::coortweet;
    else if (has_all(cols, {"message_id", "user_id", "username", "repost_id", "reply_id", "message",
                            "timestamp"}) &&
             forced == Format::auto_detect)
      format = Format::qut;
    else if (has_all(cols, {"tweetid", "userid", "tweet_time"}) && forced == Format::auto_detect)
      format = Format::io_archive;
    else if (format == Format::auto_detect)
      format = Format::csv;
  }
  l.format = format;
  switch (format) {
    case Format::coortweet:
      set(Field::repost_of, "object_id");
      set(Field::account, "account_id");
      set(Field::post, "content_id");
      set(Field::time, "timestamp_share");
      break;
    case Format::qut:
      l.platform = store::Platform::twitter;
      set(Field::post, "message_id");
      set(Field::account, "user_id");
      set(Field::handle, "username");
      set(Field::repost_of, "repost_id");
      set(Field::reply_to, "reply_id");
      set(Field::text, "message");
      set(Field::time, "timestamp");
      set(Field::urls, "urls");
      break;
    case Format::io_archive:
      l.platform = store::Platform::twitter;
      set(Field::post, "tweetid");
      set(Field::account, "userid");
      set(Field::handle, "user_screen_name");
      set(Field::name, "user_display_name");
      set(Field::created, "account_creation_date");
      set(Field::followers, "follower_count");
      set(Field::time, "tweet_time");
      set(Field::text, "tweet_text");
      set(Field::lang, "tweet_language");
      set(Field::reply_to, "in_reply_to_tweetid");
      set(Field::reply_to_account, "in_reply_to_userid");
      set(Field::quote_of, "quoted_tweet_tweetid");
      set(Field::repost_of, "retweet_tweetid");
      set(Field::repost_of_account, "retweet_userid");
      set(Field::hashtags, "hashtags");
      set(Field::urls, "urls");
      set(Field::mentions, "user_mentions");
      break;
    default:
      for (const auto& a : kAliases) {
        auto& slot = l.column_of[static_cast<size_t>(a.field)];
        if (slot < 0) slot = index(a.name);
      }
  }
  // Explicit mapping wins: "account=user,time=ts".
  while (!map.empty()) {
    size_t comma = map.find(',');
    std::string_view pair = map.substr(0, comma);
    map = comma == std::string_view::npos ? "" : map.substr(comma + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      why =
          "--map takes field=column pairs separated by commas, e.g. "
          "account=user_id,time=created_at";
      return std::nullopt;
    }
    auto field = parse_field(lower_trim(pair.substr(0, eq)));
    if (!field) {
      why = "--map: unknown field '" + std::string(pair.substr(0, eq)) +
            "'; fields are: " + std::string(kFieldNames[0]);
      for (size_t i = 1; i < kFieldCount; ++i) why += ", " + std::string(kFieldNames[i]);
      return std::nullopt;
    }
    std::string column = lower_trim(pair.substr(eq + 1));
    int c = index(column);
    if (c < 0) {
      why = "--map: the input has no column '" + column + "' (it has: " + join(cols) + ")";
      return std::nullopt;
    }
    l.column_of[static_cast<size_t>(*field)] = c;
  }
  if (l.col(Field::account) < 0 && l.col(Field::handle) < 0) {
    why = "no account column among: " + join(cols) + ". Name one with --map account=COLUMN";
    return std::nullopt;
  }
  if (l.col(Field::time) < 0) {
    why = "no time column among: " + join(cols) + ". Name one with --map time=COLUMN";
    return std::nullopt;
  }
  for (size_t c = 0; c < cols.size(); ++c)
    if (std::find(l.column_of.begin(), l.column_of.end(), static_cast<int>(c)) == l.column_of.end())
      l.ignored.push_back(cols[c]);
  return l;
}

std::optional<CsvLayout> CsvLayout::from_header(std::string_view header, std::string& why,
                                                Format forced, std::string_view map) {
  size_t tabs = static_cast<size_t>(std::count(header.begin(), header.end(), '\t'));
  size_t commas = static_cast<size_t>(std::count(header.begin(), header.end(), ','));
  size_t semis = static_cast<size_t>(std::count(header.begin(), header.end(), ';'));
  char delim = tabs >= commas && tabs >= semis && tabs > 0 ? '\t' : semis > commas ? ';' : ',';
  std::vector<std::string> fields;
  if (!split_csv_record(header, delim, fields)) {
    why = "the header line has an unterminated quote";
    return std::nullopt;
  }
  for (auto& f : fields) f = lower_trim(f);
  auto layout = from_columns(std::move(fields), why, forced, map);
  if (!layout) {
    why = "unrecognised table header: " + why;
    return std::nullopt;
  }
  layout->delimiter = delim;
  return layout;
}

std::optional<CsvLayout> CsvLayout::from_json_keys(std::string_view first_object, std::string& why,
                                                   std::string_view map) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(first_object.data(), first_object.size()).get(obj)) {
    why = "the first line is not a JSON object";
    return std::nullopt;
  }
  std::vector<std::string> keys;
  for (auto field : obj) keys.push_back(lower_trim(field.key));
  auto layout = from_columns(std::move(keys), why, Format::ndjson, map);
  if (layout) layout->format = Format::ndjson;
  return layout;
}

bool split_csv_record(std::string_view rec, char delim, std::vector<std::string>& fields) {
  size_t n = 0;
  auto next_field = [&]() -> std::string& {
    if (fields.size() <= n) fields.emplace_back();
    std::string& f = fields[n++];
    f.clear();
    return f;
  };
  size_t i = 0;
  for (;;) {
    std::string& f = next_field();
    if (i < rec.size() && rec[i] == '"') {
      ++i;
      for (;;) {
        size_t q = rec.find('"', i);
        if (q == std::string_view::npos) {
          fields.resize(n);
          return false;  // quote still open: the record continues on the next line
        }
        f.append(rec.substr(i, q - i));
        if (q + 1 < rec.size() && rec[q + 1] == '"') {
          f.push_back('"');
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Lenient: text after the closing quote up to the delimiter is kept.
      size_t d = rec.find(delim, i);
      f.append(rec.substr(i, d == std::string_view::npos ? std::string_view::npos : d - i));
      if (d == std::string_view::npos) break;
      i = d + 1;
    } else {
      size_t d = rec.find(delim, i);
      f.append(rec.substr(i, d == std::string_view::npos ? std::string_view::npos : d - i));
      if (d == std::string_view::npos) break;
      i = d + 1;
    }
  }
  fields.resize(n);
  return true;
}

void split_list(std::string_view cell, std::vector<std::string>& out) {
  out.clear();
  size_t i = 0;
  auto is_sep = [](char c) {
    return c == ',' || c == ';' || c == '|' || c == ' ' || c == '\t' || c == '[' || c == ']' ||
           c == '\'' || c == '"' || c == '\n' || c == '\r';
  };
  while (i < cell.size()) {
    while (i < cell.size() && is_sep(cell[i])) ++i;
    size_t start = i;
    while (i < cell.size() && !is_sep(cell[i])) ++i;
    if (i > start) out.emplace_back(cell.substr(start, i - start));
  }
}

bool is_null_value(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.empty()) return true;
  if (v.size() > 4) return false;
  std::string l = lower_trim(v);
  return l == "na" || l == "null" || l == "none" || l == "nan" || l == "n/a";
}

}  // namespace lockstep::ingest
