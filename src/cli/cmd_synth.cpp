// `lockstep synth`: write a synthetic platform with planted campaigns and its ground truth.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "base/error.h"
#include "base/time_parse.h"
#include "cli/commands.h"
#include "synth/synth.h"

namespace lockstep::cli {

namespace {

struct SynthArgs {
  uint64_t seed = 1;
  std::string accounts, posts, scale, shard, mix, start = "2024-03-04", format = "qut", out;
  uint32_t days = 7;
  int campaigns = 3;
  bool zstd = false, quiet = false;
  int zstd_level = 3;
  double decoys = 1.0;
};

uint64_t count_option(const std::string& value, const char* name) {
  auto v = synth::parse_count(value);
  if (!v)
    throw UsageError(
        fmt::format("{}: cannot read '{}' as a count (e.g. 250000, 250k, 1M)", name, value));
  return *v;
}

synth::SynthOptions to_options(const SynthArgs& a, bool accounts_given, bool campaigns_given) {
  synth::SynthOptions o;
  o.seed = a.seed;
  o.days = a.days;
  o.out = a.out;
  o.zstd = a.zstd;
  o.zstd_level = a.zstd_level;
  o.decoys = a.decoys;
  o.progress = !a.quiet && isatty(STDERR_FILENO);
  auto f = synth::parse_output_format(a.format);
  if (!f)
    throw UsageError(fmt::format(
        "synth: unknown --format '{}'; choose qut, twitter-v1 or io-archive", a.format));
  o.format = *f;
  auto start = parse_time_ms(a.start);
  if (!start)
    throw UsageError(
        fmt::format("synth: cannot read --start '{}'; write a date like 2024-03-04", a.start));
  o.start_s = *start / 1000;
  if (!a.posts.empty()) o.posts = count_option(a.posts, "--posts");
  if (!a.scale.empty()) o.posts = count_option(a.scale, "--scale");
  if (accounts_given) {
    o.accounts = static_cast<uint32_t>(
        std::min<uint64_t>(count_option(a.accounts, "--accounts"), 0xFFFFFFFFu));
  } else if (o.posts > 0) {
    // About three posts per account per day, as in busy real collections.
    o.accounts = static_cast<uint32_t>(
        std::clamp<uint64_t>(o.posts / (3ull * std::max(1u, a.days)), 1000, 50000000));
  }
  if (!a.shard.empty()) o.shard = count_option(a.shard, "--shard");
  if (!a.mix.empty()) {
    std::string why;
    if (!synth::parse_campaign_mix(a.mix, o.campaigns, why)) throw UsageError("synth: " + why);
    if (campaigns_given)
      throw UsageError("synth: give either --campaigns or --campaign-mix, not both");
  } else {
    o.campaigns.fill(a.campaigns);
  }
  return o;
}

}  // namespace

void register_synth(CLI::App& app) {
  auto args = std::make_shared<SynthArgs>();
  auto* cmd = app.add_subcommand(
      "synth",
      "Write a synthetic platform with planted coordinated campaigns, decoys and the ground truth");
  cmd->add_option("--out,-o", args->out,
                  "Directory for posts.<ext>, truth.json and truth_accounts.csv")
      ->required();
  cmd->add_option("--format,-f", args->format, "Output format: qut, twitter-v1 or io-archive")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Random seed: the same seed gives the same bytes")
      ->capture_default_str();
  auto* accounts = cmd->add_option("--accounts", args->accounts,
                                   "Accounts on the platform (default 10000, or from --scale)");
  cmd->add_option("--days", args->days, "Days of activity")->capture_default_str();
  cmd->add_option("--posts", args->posts,
                  "Target number of posts, approximate (default: 2 per account per day)");
  cmd->add_option(
      "--scale", args->scale,
      "Target number of posts, e.g. 1M or 100M; accounts follow (posts / days / 3) unless given");
  auto* campaigns = cmd->add_option("--campaigns", args->campaigns, "Planted campaigns per style")
                        ->capture_default_str();
  cmd->add_option("--campaign-mix", args->mix,
                  "Campaigns by style: ring=4,copypasta=2,link=2,hashtag=1,brigade=3");
  cmd->add_option("--start", args->start, "First day (ISO date, UTC)")->capture_default_str();
  cmd->add_option("--shard", args->shard, "Split posts into files of at most this many posts");
  cmd->add_flag("--zstd", args->zstd, "Compress posts files with zstd (.zst)");
  cmd->add_option("--zstd-level", args->zstd_level, "zstd level, 1..19")->capture_default_str();
  cmd->add_option("--decoys", args->decoys,
                  "Scale of organic decoys (viral cascades, fan bursts, pile-ons, slogans, "
                  "trends); 0 = none")
      ->capture_default_str();
  cmd->add_flag("--quiet,-q", args->quiet, "No progress line");
  cmd->callback([args, accounts, campaigns]() {
    auto options = to_options(*args, accounts->count() > 0, campaigns->count() > 0);
    auto r = synth::synthesize(options);
    std::fprintf(stderr,
                 "synth: %llu posts (%llu posts, %llu reposts, %llu replies, %llu quotes) from %u "
                 "accounts in %.2f s "
                 "(%.0f posts/s)\n",
                 static_cast<unsigned long long>(r.posts),
                 static_cast<unsigned long long>(r.by_kind[0]),
                 static_cast<unsigned long long>(r.by_kind[1]),
                 static_cast<unsigned long long>(r.by_kind[2]),
                 static_cast<unsigned long long>(r.by_kind[3]), options.accounts, r.seconds,
                 r.seconds > 0 ? static_cast<double>(r.posts) / r.seconds : 0.0);
    size_t planted = 0;
    for (const auto& c : r.campaigns) planted += c.members.size();
    std::fprintf(stderr, "synth: %zu campaigns (%zu planted accounts), %llu decoy events\n",
                 r.campaigns.size(), planted, static_cast<unsigned long long>(r.decoy_events));
    for (const auto& f : r.files) std::fprintf(stderr, "  %s\n", f.c_str());
    std::fprintf(stderr, "  %s\n  %s\n", (options.out / "truth.json").c_str(),
                 (options.out / "truth_accounts.csv").c_str());
  });
}

}  // namespace lockstep::cli
