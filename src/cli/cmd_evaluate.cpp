// `lockstep evaluate RESULTS --truth DIR`: score an analysis against ground truth.
#include <cstdio>

#include "cli/commands.h"
#include "evaluate/evaluate.h"

namespace lockstep::cli {

void register_evaluate(CLI::App& app) {
  auto results = std::make_shared<std::string>();
  auto truth = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "evaluate", "Score analyze results against ground truth (truth_accounts.csv, truth.json)");
  cmd->add_option("results", *results, "Directory written by `lockstep analyze`")->required();
  cmd->add_option("--truth", *truth,
                  "Directory with truth_accounts.csv (and truth.json), e.g. from `lockstep synth`")
      ->required();
  cmd->add_flag("--json", *json, "Print JSON instead of text");
  auto brigades = std::make_shared<bool>(false);
  cmd->add_flag("--brigades", *brigades,
                "Score RESULTS/brigades.csv (of analyze or watch) against the planted brigades");
  cmd->callback([=]() {
    if (*brigades) {
      auto s = evaluate::score_brigades(*truth, std::filesystem::path(*results) / "brigades.csv");
      std::string out = *json ? evaluate::to_json(s) : evaluate::to_text(s);
      std::fputs(out.c_str(), stdout);
      return;
    }
    auto scores = evaluate::score(evaluate::load_truth(*truth), evaluate::load_found(*results));
    std::string out = *json ? evaluate::to_json(scores) : evaluate::to_text(scores);
    std::fputs(out.c_str(), stdout);
  });
}

}  // namespace lockstep::cli
