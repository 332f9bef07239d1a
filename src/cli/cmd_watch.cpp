// `lockstep watch [INPUT|-] --out DIR`: brigade alerts on a live stream.
#include <cstdio>

#include "base/error.h"
#include "cli/commands.h"
#include "watch/watch.h"

namespace lockstep::cli {

void register_watch(CLI::App& app) {
  auto o = std::make_shared<watch::WatchOptions>();
  auto format = std::make_shared<std::string>("auto");
  auto out = std::make_shared<std::string>();
  auto clusters = std::make_shared<std::string>();
  auto restart = std::make_shared<bool>(false);
  auto window_s = std::make_shared<double>(300);
  auto quiet_s = std::make_shared<double>(600);
  auto* cmd = app.add_subcommand(
      "watch",
      "Watch a live stream for brigades (dogpiles): alerts as JSON lines, DIR/brigades.csv, block "
      "lists; crash-safe checkpoints in DIR/watch.state");
  cmd->add_option("input", o->input,
                  "'-' (standard input, the default) or a file; with --follow, read as it grows");
  cmd->add_option("--out,-o", *out, "Directory for brigades.csv, blocklists/, watch.state")
      ->required();
  cmd->add_flag("--follow,-F", o->follow, "Keep reading the file as it grows (tail -f)");
  cmd->add_option("--idle-exit", o->idle_exit_s,
                  "With --follow or --nats: stop after this many seconds without new data");
  cmd->add_option("--nats", o->nats.url, "Read a NATS JetStream subject at this URL instead");
  cmd->add_option("--stream", o->nats.stream, "JetStream stream (with --nats)");
  cmd->add_option("--subject", o->nats.subject, "Subject to read (with --nats)");
  cmd->add_option("--durable", o->nats.durable, "Durable consumer name (with --nats)");
  cmd->add_option("--format,-f", *format, "Input format (default: detect from the first line)");
  cmd->add_option("--map", o->map, "Column mapping for csv/ndjson inputs");
  cmd->add_option("--alerts", o->alerts, "Alert JSON lines to this file ('-': standard output)");
  cmd->add_option(
      "--clusters", *clusters,
      "accounts.csv of an earlier `lockstep analyze`: coordinated clusters as evidence");
  cmd->add_option("--checkpoint-records", o->checkpoint_records,
                  "Checkpoint after this many records")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_option("--checkpoint-seconds", o->checkpoint_seconds,
                  "Checkpoint at least this often (wall time)")
      ->check(CLI::Range(0.001, 86400.0));
  cmd->add_flag("--restart", *restart, "Ignore DIR/watch.state and start from the beginning");
  cmd->add_option("--window", *window_s, "Burst window in seconds")
      ->check(CLI::Range(1.0, 86400.0));
  cmd->add_option("--quiet", *quiet_s, "An incident closes after this many seconds without a hit")
      ->check(CLI::Range(1.0, 86400.0));
  cmd->add_option("--min-events", o->brigade.min_events, "Interactions in a window to open a burst")
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--open-surprise", o->brigade.open_surprise,
                  "-log10 P(window count | baseline) that opens a burst")
      ->check(CLI::Range(1.0, 1000.0));
  cmd->add_option("--brigade-threshold", o->brigade.brigade_threshold,
                  "Coordination score from which a burst is a brigade")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--member-threshold", o->brigade.member_threshold,
                  "Member score for brigades.csv and block lists")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--list-uri", o->list_uri_prefix,
                  "at:// URI prefix of the Bluesky moderation lists (your DID's list collection)");
  cmd->callback([=]() {
    o->format = ingest_options(*format, o->map, false).format;
    o->out = *out;
    o->clusters = *clusters;
    o->resume = !*restart;
    o->brigade.window_ms = static_cast<int64_t>(*window_s * 1000);
    o->brigade.quiet_ms = static_cast<int64_t>(*quiet_s * 1000);
    if (o->follow && o->input == "-") throw UsageError("--follow needs a file, not standard input");
    auto r = watch::run_watch(*o);
    std::fprintf(
        stderr,
        "%s%llu records (%llu rejected), %llu interactions: %llu bursts, %llu brigades, "
        "%llu alerts; %llu checkpoints\n",
        r.resumed ? "resumed; " : "", static_cast<unsigned long long>(r.records),
        static_cast<unsigned long long>(r.rejected),
        static_cast<unsigned long long>(r.detector.interactions),
        static_cast<unsigned long long>(r.incidents), static_cast<unsigned long long>(r.brigades),
        static_cast<unsigned long long>(r.alerts), static_cast<unsigned long long>(r.checkpoints));
  });
}

}  // namespace lockstep::cli
