// The input formats lockstep reads, and how it tells them apart from the first bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lockstep::ingest {

enum class Format {
  auto_detect,
  twitter_v1,  // X/Twitter API v1.1 statuses, one JSON object per line
  twitter_v2,  // X/Twitter API v2: tweet objects or page responses (data + includes)
  io_archive,  // platform information-operations archive CSV (tweetid, userid, tweet_time, ...)
  bluesky,     // Bluesky Jetstream JSON events (app.bsky.feed.post / repost commits)
  mastodon,    // Mastodon status JSON (single, array, or one per line)
  telegram,    // Telegram Desktop JSON export (result.json)
  coortweet,   // CooRTweet 4 columns: object_id,account_id,content_id,timestamp_share
  qut,         // QUT coordination-network-toolkit 8 columns
  csv,         // any CSV/TSV with a column mapping (named or given with --map)
  ndjson,      // any flat JSON lines with a field mapping
};

const char* to_string(Format f);
std::optional<Format> parse_format(std::string_view name);
std::string format_names();  // "twitter-v1, twitter-v2, ..." for help texts

// Guesses the format from the first decompressed bytes of a file. Returns nullopt with `why` set
// when it cannot tell.
std::optional<Format> detect_format(std::string_view head, std::string& why);

// Whether a JSON input is one document to read whole (pretty-printed, Telegram export, an array)
// rather than one record per line.
bool is_single_document(std::string_view head);

}  // namespace lockstep::ingest
