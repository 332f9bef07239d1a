// The subcommands. Each register_* adds one to the app; its callback runs the job.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "ingest/ingest.h"

namespace lockstep::cli {

void register_ingest(CLI::App& app);
void register_stats(CLI::App& app);
void register_dump(CLI::App& app);
void register_analyze(CLI::App& app);
void register_evaluate(CLI::App& app);
void register_synth(CLI::App& app);
void register_report(CLI::App& app);
void register_serve(CLI::App& app);
void register_claims(CLI::App& app);
void register_watch(CLI::App& app);

// Ingest options from the --format/--map/--strict flags that ingest and analyze share; throws
// UsageError naming the formats for an unknown one.
ingest::IngestOptions ingest_options(const std::string& format, const std::string& map,
                                     bool strict);

// The exit status the command that ran asked for (0 unless it set one).
int exit_code();
void set_exit_code(int code);

}  // namespace lockstep::cli
