// synth/ — a synthetic social platform with planted coordinated campaigns, for tests, demos and
// benchmarks at any scale.
//
//   synthesize   options -> DIR/posts.<ext> (time-ordered, optionally sharded and zstd-compressed),
//                DIR/truth.json (campaigns and decoy events) and DIR/truth_accounts.csv.
//
// The output is a pure function of the options: the same seed gives the same bytes. Memory is
// O(accounts) plus small per-campaign and per-cascade state; posts stream to disk as they are made.
// docs/synth.md describes the model.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::synth {

enum class Style : uint8_t { retweet_ring, copypasta, link_pushing, hashtag_sequence, brigade };
inline constexpr int kStyles = 5;
const char* to_string(Style s);

enum class OutputFormat : uint8_t { qut, twitter_v1, io_archive };
const char* to_string(OutputFormat f);
std::optional<OutputFormat> parse_output_format(
    std::string_view name);  // "qut", "twitter-v1", "io-archive"

struct SynthOptions {
  uint64_t seed = 1;
  uint32_t accounts = 10000;
  uint32_t days = 7;
  uint64_t posts = 0;  // target total, approximate; 0: accounts * days * 2
  std::array<int, kStyles> campaigns = {3, 3, 3, 3, 3};  // planted campaigns per style
  int64_t start_s = 1709510400;  // first day, epoch seconds (2024-03-04 00:00 UTC)
  OutputFormat format = OutputFormat::qut;
  std::filesystem::path out;
  uint64_t shard = 0;  // posts per file; 0: one file
  bool zstd = false;
  int zstd_level = 3;
  double decoys = 1.0;    // scales cascades, fan bursts, pile-ons, slogans, trends; 0: none
  bool progress = false;  // a progress line on stderr
};

// A planted campaign as written to truth.json (ids are the platform ids in the output).
struct CampaignTruth {
  std::string id;
  Style style = Style::retweet_ring;
  std::vector<std::string> members;
  int64_t start_ms = 0, end_ms = 0;
  int window_s = 0;  // members act within this many seconds of each activation
  int activations = 0;
  std::string target;                 // brigade: the account attacked; ring: the principal, if any
  std::vector<std::string> urls;      // link pushing: canonical links
  std::vector<std::string> hashtags;  // hashtag sequence, in order
};

struct SynthReport {
  uint64_t posts = 0;
  std::array<uint64_t, 4> by_kind{};  // post, repost, reply, quote
  uint64_t decoy_events = 0;          // decoy records in truth.json
  std::vector<std::string> files;     // posts files written
  double seconds = 0;
  std::vector<CampaignTruth> campaigns;
};

// Throws UsageError for options that cannot work, IoError when DIR cannot be written.
SynthReport synthesize(const SynthOptions& options);

// "ring=4,copypasta=2,link=2,hashtag=1,brigade=3" (styles left out get 0); returns false with
// `why` set on a bad spec.
bool parse_campaign_mix(std::string_view spec, std::array<int, kStyles>& out, std::string& why);
// "1M", "250k", "100000" -> count; nullopt when unreadable.
std::optional<uint64_t> parse_count(std::string_view s);

}  // namespace lockstep::synth
