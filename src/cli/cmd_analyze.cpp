// `lockstep analyze INPUT...|DATASET --out DIR`: the main job.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "base/error.h"
#include "brigade/brigade.h"
#include "cli/commands.h"
#include "coord/coord.h"
#include "ingest/ingest.h"
#include "report/report.h"
#include "store/dataset.h"

namespace lockstep::cli {

namespace fs = std::filesystem;

namespace {

struct AnalyzeArgs {
  std::vector<std::string> inputs;
  std::string out, format = "auto", map, signals;
  std::vector<std::string> windows, min_items;
  bool strict = false, html_report = false;
  coord::CoordOptions options;
};

coord::Signal parse_signal(std::string_view name) {
  for (size_t s = 0; s < coord::kSignals; ++s)
    if (name == coord::to_string(static_cast<coord::Signal>(s)))
      return static_cast<coord::Signal>(s);
  throw UsageError(fmt::format("unknown signal '{}'; signals are: {}", name,
                               coord::signal_names((1u << coord::kSignals) - 1)));
}

// "co_repost=30" -> (signal, 30)
std::pair<coord::Signal, double> parse_assignment(const std::string& s, const char* option) {
  size_t eq = s.find('=');
  if (eq == std::string::npos)
    throw UsageError(fmt::format("{} takes SIGNAL=VALUE, e.g. co_repost=30", option));
  try {
    return {parse_signal(s.substr(0, eq)), std::stod(s.substr(eq + 1))};
  } catch (const std::invalid_argument&) {
    throw UsageError(fmt::format("{}: '{}' is not a number", option, s.substr(eq + 1)));
  }
}

void apply(AnalyzeArgs& a) {
  if (!a.signals.empty()) {
    for (auto& so : a.options.signals) so.enabled = false;
    size_t i = 0;
    while (i <= a.signals.size()) {
      size_t comma = a.signals.find(',', i);
      if (comma == std::string::npos) comma = a.signals.size();
      a.options[parse_signal(a.signals.substr(i, comma - i))].enabled = true;
      i = comma + 1;
    }
  }
  for (const auto& w : a.windows) {
    auto [s, seconds] = parse_assignment(w, "--window");
    if (seconds < 0) throw UsageError("--window must not be negative");
    a.options[s].window_ms = static_cast<int64_t>(seconds * 1000);
  }
  for (const auto& m : a.min_items) {
    auto [s, n] = parse_assignment(m, "--min-items");
    if (n < 1) throw UsageError("--min-items must be at least 1");
    a.options[s].min_items = static_cast<uint32_t>(n);
  }
}

}  // namespace

void register_analyze(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArgs>();
  auto* cmd =
      app.add_subcommand("analyze",
                         "Find accounts acting in coordination; write accounts.csv, edges.csv, "
                         "clusters.json, network.gexf/.graphml and summary.json");
  cmd->add_option("inputs", args->inputs, "A DATASET directory, or input files to read first")
      ->required();
  cmd->add_option("--out,-o", args->out, "Directory for the results")->required();
  cmd->add_option("--format,-f", args->format, "Input format when reading files (default: detect)");
  cmd->add_option("--map", args->map, "Column mapping for csv/ndjson inputs");
  cmd->add_flag("--strict", args->strict, "Stop at the first bad input record");
  cmd->add_option("--signals", args->signals,
                  "Comma-separated signals to use (default: all): " +
                      coord::signal_names((1u << coord::kSignals) - 1));
  cmd->add_option("--window", args->windows,
                  "Time window per signal in seconds, e.g. --window co_repost=30");
  cmd->add_option("--min-items", args->min_items,
                  "Distinct shared items before a pair is tested, e.g. co_link=3");
  cmd->add_option("--fdr", args->options.fdr, "False discovery rate for edges (Benjamini-Hochberg)")
      ->check(CLI::Range(1e-12, 0.5));
  cmd->add_option("--burst-min-accounts", args->options.burst_min_accounts,
                  "Distinct accounts posting near-identical text within 5 minutes that form a "
                  "copypasta burst (0: off)");
  cmd->add_option("--min-consistency", args->options.min_consistency,
                  "Co-occurrences over the geometric mean of the pair's occurrences an edge needs "
                  "(0: significance alone)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--min-group-size", args->options.min_group_size,
                  "Smallest connected group of significant edges whose accounts are flagged "
                  "(2: flag isolated pairs too)")
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--max-neighbours", args->options.max_neighbours,
                  "Pairs per occurrence in dense items")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--copypasta-jaccard", args->options.copypasta_jaccard,
                  "Near-duplicate threshold")
      ->check(CLI::Range(0.3, 1.0));
  cmd->add_option("--resolution", args->options.leiden_resolution,
                  "Leiden resolution (higher: smaller campaigns)");
  cmd->add_option("--seed", args->options.seed, "Random seed (Leiden, MinHash)");
  cmd->add_flag(
      "--estimate-windows", args->options.estimate_windows,
      "Estimate each signal's window from the data (CooRnet's method) instead of the defaults");
  cmd->add_flag("--report", args->html_report,
                "Also write DIR/report.html, one self-contained HTML file (see `lockstep report`)");
  cmd->callback([args]() {
    apply(*args);
    fs::path out(args->out);
    fs::create_directories(out);
    report::RunInfo info;
    auto t0 = std::chrono::steady_clock::now();
    store::EventTable table;
    if (args->inputs.size() == 1 && store::is_dataset(args->inputs[0])) {
      table = store::load_table(args->inputs[0]);
      info.input = args->inputs[0];
      info.dataset = fs::absolute(args->inputs[0]).lexically_normal().string();
    } else {
      auto opts = ingest_options(args->format, args->map, args->strict);
      fs::remove(out / "quarantine.ndjson");
      ingest::IngestReport rep;
      table = ingest::ingest_inputs(args->inputs, opts, out / "quarantine.ndjson", &rep);
      for (const auto& f : rep.files) {
        info.input += (info.input.empty() ? "" : " ") + f.path;
        if (!f.error.empty()) std::fprintf(stderr, "%s: %s\n", f.path.c_str(), f.error.c_str());
      }
      info.quarantined = rep.rejected();
      if (rep.any_file_error() && table.size() == 0)
        throw UsageError("no input could be read (see the messages above)");
    }
    info.ingest_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (table.size() == 0) throw UsageError("the input holds no events to analyse");
    const brigade::BrigadeOptions brigade_options;
    auto [result, incidents] = brigade::analyze(table, args->options, brigade_options);
    report::write_analysis(out, table, result, args->options, info);
    brigade::write_brigades_csv(out / "brigades.csv", incidents, brigade_options.member_threshold);
    size_t brigades = 0;
    for (const auto& inc : incidents) brigades += inc.brigade;
    if (args->options[coord::Signal::brigade].enabled)
      std::fprintf(stderr, "%zu bursts, %zu brigades -> %s\n", incidents.size(), brigades,
                   (out / "brigades.csv").c_str());
    else
      std::fprintf(stderr, "brigade detection off (--signals without brigade): %s has no rows\n",
                   (out / "brigades.csv").c_str());
    if (args->html_report) report::write_html_report(report::load_findings(out, &table));
    std::fprintf(stderr,
                 "%zu events, %zu accounts: %zu flagged in %zu clusters (%zu edges) in %.2f s\n",
                 table.size(), table.account_count(), result.accounts.size(),
                 result.clusters.size(), result.edges.size(), result.seconds);
    std::printf("%s\n", (out / "summary.json").c_str());
  });
}

}  // namespace lockstep::cli
