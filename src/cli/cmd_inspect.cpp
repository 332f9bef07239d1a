// `lockstep stats` and `lockstep dump`: look inside a DATASET.
#include <cstdio>
#include <unordered_map>

#include <fmt/format.h>

#include "base/time_parse.h"
#include "cli/commands.h"
#include "store/dataset.h"
#include "store/dump.h"

namespace lockstep::cli {

void register_stats(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("stats", "Summarise a DATASET: events by kind and platform, accounts, time span");
  cmd->add_option("dataset", *dir, "DATASET directory")->required();
  cmd->callback([dir]() {
    auto t = store::load_table(*dir);
    uint64_t by_kind[store::kEventKinds] = {};
    for (size_t e = 0; e < t.size(); ++e) ++by_kind[t.kind[e]];
    std::string out = fmt::format("events      {}\naccounts    {}\nposts       {}\nurls        {}\nhashtags    {}\ntexts       {}\n",
                                  t.size(), t.account_count(), t.post_ids.size(), t.urls.size(), t.hashtags.size(),
                                  t.texts.size());
    for (int k = 0; k < store::kEventKinds; ++k)
      out += fmt::format("  {:<9} {}\n", store::to_string(static_cast<store::EventKind>(k)), by_kind[k]);
    if (t.size() > 0) {
      char a[32], b[32];
      format_iso8601_ms(t.ts_ms[0], a);
      format_iso8601_ms(t.ts_ms[t.size() - 1], b);
      out += fmt::format("time span   {} .. {}\n", a, b);
    }
    std::fputs(out.c_str(), stdout);
  });
}

void register_dump(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto limit = std::make_shared<size_t>(0);
  auto* cmd = app.add_subcommand("dump", "Print the events of a DATASET, one per line, in time order");
  cmd->add_option("dataset", *dir, "DATASET directory")->required();
  cmd->add_option("--limit,-n", *limit, "Print at most this many events (0 = all)");
  cmd->callback([dir, limit]() {
    auto t = store::load_table(*dir);
    size_t n = *limit == 0 ? t.size() : std::min(*limit, t.size());
    for (size_t e = 0; e < n; ++e) {
      std::string line = store::dump_event(t, e);
      line.push_back('\n');
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
  });
}

}  // namespace lockstep::cli
