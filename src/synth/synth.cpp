#include "synth/synth.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <system_error>

#include "base/error.h"
#include "synth/engine.h"
#include "synth/output.h"
#include "synth/plan.h"
#include "synth/population.h"
#include "synth/text_gen.h"
#include "synth/truth.h"
#include "synth/writer.h"

namespace lockstep::synth {

namespace {

constexpr int64_t kEarliestStart = 1293840000;  // 2011-01-01: post ids are snowflakes from then on

void validate(const SynthOptions& o) {
  if (o.out.empty()) throw UsageError("synth: --out DIR is required");
  if (o.accounts < 200)
    throw UsageError(fmt::format("synth: --accounts must be at least 200 (got {})", o.accounts));
  if (o.accounts > 200000000) throw UsageError("synth: --accounts is limited to 200 million");
  if (o.days < 1 || o.days > 3650)
    throw UsageError(fmt::format("synth: --days must be 1..3650 (got {})", o.days));
  if (o.start_s < kEarliestStart) throw UsageError("synth: --start must be 2011-01-01 or later");
  if (o.decoys < 0) throw UsageError("synth: --decoys must be >= 0");
  int total = 0;
  for (int c : o.campaigns) {
    if (c < 0) throw UsageError("synth: campaign counts must be >= 0");
    total += c;
  }
  if (total > 30000) throw UsageError("synth: at most 30000 campaigns");
  if (o.zstd_level < 1 || o.zstd_level > 19) throw UsageError("synth: --zstd-level must be 1..19");
}

// A previous run's posts files would be read along with the new ones by `ingest DIR/posts*`.
void remove_old_outputs(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    bool ours =
        name.starts_with("posts") && (name.ends_with(".csv") || name.ends_with(".jsonl") ||
                                      name.ends_with(".csv.zst") || name.ends_with(".jsonl.zst"));
    if (ours && entry.is_regular_file()) std::filesystem::remove(entry.path(), ec);
  }
}

}  // namespace

const char* to_string(Style s) {
  switch (s) {
    case Style::retweet_ring:
      return "retweet_ring";
    case Style::copypasta:
      return "copypasta";
    case Style::link_pushing:
      return "link_pushing";
    case Style::hashtag_sequence:
      return "hashtag_sequence";
    case Style::brigade:
      return "brigade";
  }
  return "?";
}

const char* to_string(OutputFormat f) {
  switch (f) {
    case OutputFormat::qut:
      return "qut";
    case OutputFormat::twitter_v1:
      return "twitter-v1";
    case OutputFormat::io_archive:
      return "io-archive";
  }
  return "?";
}

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  for (auto f : {OutputFormat::qut, OutputFormat::twitter_v1, OutputFormat::io_archive})
    if (name == to_string(f)) return f;
  return std::nullopt;
}

bool parse_campaign_mix(std::string_view spec, std::array<int, kStyles>& out, std::string& why) {
  static constexpr std::pair<std::string_view, Style> kNames[] = {
      {"ring", Style::retweet_ring},
      {"retweet_ring", Style::retweet_ring},
      {"copypasta", Style::copypasta},
      {"link", Style::link_pushing},
      {"link_pushing", Style::link_pushing},
      {"hashtag", Style::hashtag_sequence},
      {"hashtag_sequence", Style::hashtag_sequence},
      {"brigade", Style::brigade}};
  out.fill(0);
  while (!spec.empty()) {
    size_t comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? "" : spec.substr(comma + 1);
    size_t eq = item.find('=');
    auto count = eq == std::string_view::npos ? std::nullopt : parse_count(item.substr(eq + 1));
    const Style* style = nullptr;
    for (const auto& [name, s] : kNames)
      if (eq != std::string_view::npos && item.substr(0, eq) == name) style = &s;
    if (!style || !count || *count > 10000) {
      why = fmt::format(
          "--campaign-mix: cannot read '{}'; write e.g. "
          "ring=4,copypasta=2,link=2,hashtag=1,brigade=3",
          item);
      return false;
    }
    out[static_cast<size_t>(*style)] = static_cast<int>(*count);
  }
  return true;
}

std::optional<uint64_t> parse_count(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double mult = 1;
  switch (s.back()) {
    case 'k':
    case 'K':
      mult = 1e3;
      break;
    case 'm':
    case 'M':
      mult = 1e6;
      break;
    case 'g':
    case 'G':
    case 'b':
    case 'B':
      mult = 1e9;
      break;
    default:
      break;
  }
  if (mult != 1) s.remove_suffix(1);
  double v = 0;
  size_t digits = 0, dots = 0;
  double scale = 1;
  for (char c : s) {
    if (c == '.') {
      if (++dots > 1) return std::nullopt;
    } else if (c >= '0' && c <= '9') {
      ++digits;
      if (dots) {
        scale /= 10;
        v += (c - '0') * scale;
      } else {
        v = v * 10 + (c - '0');
      }
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0 || v * mult > 1e15) return std::nullopt;
  return static_cast<uint64_t>(std::llround(v * mult));
}

SynthReport synthesize(const SynthOptions& o) {
  validate(o);
  const auto t0 = std::chrono::steady_clock::now();
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) throw IoError(fmt::format("cannot create {}: {}", o.out.string(), ec.message()));
  remove_old_outputs(o.out);

  TextGen text(derive(o.seed, 0x74657874));  // "text"
  Population pop(derive(o.seed, 0x6163636f), o.accounts, o.start_s,
                 o.start_s + int64_t{o.days} * 86400);
  Plan plan = make_plan(o, pop, text);
  auto formatter = make_formatter(o.format, pop);
  Output out(o.out, "posts", std::string(formatter->extension()), formatter->header(), o.shard,
             o.zstd, o.zstd_level);
  TruthWriter truth(o.out, o, pop);
  SynthReport report;
  truth.campaigns(plan, report.campaigns);

  Engine engine(o, pop, plan, text, *formatter, out, truth);
  engine.run();
  out.finish();

  report.posts = engine.stats().posts;
  report.by_kind = engine.stats().by_kind;
  report.files = out.files();
  report.decoy_events = truth.decoys();
  truth.finish(report);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace lockstep::synth
