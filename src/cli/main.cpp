// lockstep — finds coordinated campaigns in social-media data. This file only parses options and
// hands them to the stages; each subcommand lives in its own cmd_*.cpp.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "base/error.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"lockstep: find coordinated campaigns on social media, with the evidence"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lockstep 0.1.0");
  lockstep::cli::register_ingest(app);
  lockstep::cli::register_stats(app);
  lockstep::cli::register_dump(app);
  lockstep::cli::register_analyze(app);
  lockstep::cli::register_evaluate(app);
  lockstep::cli::register_synth(app);
  lockstep::cli::register_report(app);
  lockstep::cli::register_serve(app);
  lockstep::cli::register_claims(app);
  lockstep::cli::register_watch(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const lockstep::UsageError& e) {
    std::fprintf(stderr, "lockstep: %s\n", e.what());
    return 2;
  } catch (const lockstep::IoError& e) {
    std::fprintf(stderr, "lockstep: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lockstep: internal error: %s\n", e.what());
    return 1;
  }
  return lockstep::cli::exit_code();
}
