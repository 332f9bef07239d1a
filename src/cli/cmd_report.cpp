// `lockstep report DIR`: the one-file HTML report of an existing analysis directory.
#include <cstdio>

#include "cli/commands.h"
#include "report/report.h"

namespace lockstep::cli {

void register_report(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "report",
      "Write DIR/report.html: one self-contained HTML file with the campaigns, their "
      "networks, timelines and evidence");
  cmd->add_option("dir", *dir, "Directory written by `lockstep analyze`")->required();
  cmd->callback([dir]() {
    auto path = report::write_html_report(report::load_findings(*dir));
    std::printf("%s\n", path.c_str());
  });
}

}  // namespace lockstep::cli
