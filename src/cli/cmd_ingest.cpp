#include <fmt/format.h>

#include <cstdio>

#include "base/error.h"
#include "cli/commands.h"
#include "ingest/ingest.h"

namespace lockstep::cli {

namespace {

int g_exit_code = 0;

struct IngestArgs {
  std::vector<std::string> inputs;
  std::string out, format = "auto", map;
  bool strict = false, resume = false;
};

void print_report(const ingest::IngestReport& r, const std::string& out) {
  for (const auto& f : r.files) {
    if (f.skipped) continue;
    std::fprintf(
        stderr,
        "%s: %s, %llu records: %llu new, %llu merged, %llu duplicate, %llu rejected, %llu repaired "
        "(%.2f s)\n",
        f.path.c_str(), ingest::to_string(f.format), static_cast<unsigned long long>(f.records),
        static_cast<unsigned long long>(f.added), static_cast<unsigned long long>(f.merged),
        static_cast<unsigned long long>(f.duplicates), static_cast<unsigned long long>(f.rejected),
        static_cast<unsigned long long>(f.repaired), f.seconds);
    for (const auto& n : f.notes) std::fprintf(stderr, "  note: %s\n", n.c_str());
    if (!f.error.empty()) std::fprintf(stderr, "  error: %s\n", f.error.c_str());
  }
  std::fprintf(
      stderr, "dataset %s: %llu events, %llu accounts; %llu records quarantined, %llu repaired",
      out.c_str(), static_cast<unsigned long long>(r.events),
      static_cast<unsigned long long>(r.accounts), static_cast<unsigned long long>(r.rejected()),
      static_cast<unsigned long long>(r.repaired()));
  if (r.rejected() + r.repaired() > 0)
    std::fprintf(stderr, " (see %s/quarantine.ndjson)", out.c_str());
  std::fprintf(stderr, "\n");
}

}  // namespace

int exit_code() {
  return g_exit_code;
}
void set_exit_code(int code) {
  g_exit_code = code;
}

ingest::IngestOptions ingest_options(const std::string& format, const std::string& map,
                                     bool strict) {
  ingest::IngestOptions o;
  auto f = ingest::parse_format(format);
  if (!f)
    throw UsageError(
        fmt::format("unknown --format '{}'; choose one of: {}", format, ingest::format_names()));
  o.format = *f;
  o.map = map;
  o.strict = strict;
  return o;
}

void register_ingest(CLI::App& app) {
  auto args = std::make_shared<IngestArgs>();
  auto* cmd = app.add_subcommand(
      "ingest", "Read platform data into a DATASET directory (fast to load later)");
  cmd->add_option("inputs", args->inputs, "Input files (plain, .gz or .zst; '-' for stdin)")
      ->required();
  cmd->add_option("--out,-o", args->out, "DATASET directory to write")->required();
  cmd->add_option("--format,-f", args->format,
                  "Input format (default: detect): " + ingest::format_names());
  cmd->add_option(
      "--map", args->map,
      "Column mapping for csv/ndjson: field=column,... (fields: post, account, "
      "handle, time, text, repost_of, reply_to, quote_of, urls, hashtags, mentions, media, ...)");
  cmd->add_flag("--strict", args->strict,
                "Stop at the first bad record instead of quarantining it");
  cmd->add_flag("--resume", args->resume,
                "Keep an existing DATASET and read only inputs not yet in it");
  cmd->callback([args]() {
    auto options = ingest_options(args->format, args->map, args->strict);
    options.resume = args->resume;
    auto report = ingest::ingest_dataset(args->inputs, args->out, options);
    print_report(report, args->out);
    if (report.any_file_error()) set_exit_code(3);
  });
}

}  // namespace lockstep::cli
