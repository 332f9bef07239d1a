// `lockstep stats` and `lockstep dump`: look inside a DATASET.
#include <fmt/format.h>

#include <cstdio>
#include <unordered_map>

#include "base/time_parse.h"
#include "cli/commands.h"
#include "store/dataset.h"
#include "store/dump.h"

namespace lockstep::cli {

void register_stats(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "stats", "Summarise a DATASET: events by kind and platform, accounts, time span");
  cmd->add_option("dataset", *dir, "DATASET directory")->required();
  cmd->callback([dir]() {
    auto t = store::load_table(*dir);
    uint64_t by_kind[store::kEventKinds] = {};
    for (size_t e = 0; e < t.size(); ++e) ++by_kind[t.kind[e]];
    std::string out = fmt::format(
        "events      {}\naccounts    {}\nposts       {}\nurls        {}\nhashtags    {}\ntexts     "
        "  {}\n",
        t.size(), t.account_count(), t.post_ids.size(), t.urls.size(), t.hashtags.size(),
        t.texts.size());
    for (int k = 0; k < store::kEventKinds; ++k)
      out += fmt::format("  {:<9} {}\n", store::to_string(static_cast<store::EventKind>(k)),
                         by_kind[k]);
    if (t.size() > 0) {
      char a[32], b[32];
      format_iso8601_ms(t.ts_ms[0], a);
      format_iso8601_ms(t.ts_ms[t.size() - 1], b);
      out += fmt::format("time span   {} .. {}\n", a, b);
    }
    std::fputs(out.c_str(), stdout);
    // Memory: event columns and dictionaries, apart from the text itself (the budget is
    // 64 bytes per event plus the text).
    auto bytes = [](const auto& col) { return col.size() * sizeof(col[0]); };
    auto sbytes = [&](const store::StringColumn& c) {
      return bytes(c.offsets()) + c.bytes().size();
    };
    uint64_t events = bytes(t.ts_ms) + bytes(t.account) + bytes(t.post) + bytes(t.parent_post) +
                      bytes(t.parent_account) + bytes(t.text) + bytes(t.kind) + bytes(t.platform) +
                      bytes(t.lang) + bytes(t.entity_offsets) + bytes(t.n_urls) +
                      bytes(t.n_hashtags) + bytes(t.n_mentions) + bytes(t.entities);
    uint64_t dicts = sbytes(t.account_ids) + sbytes(t.account_handles) + sbytes(t.account_names) +
                     bytes(t.account_created_ms) + bytes(t.account_followers) +
                     bytes(t.post_ids.codes()) + sbytes(t.post_ids.strings()) + sbytes(t.urls) +
                     bytes(t.url_domain) + sbytes(t.domains) + sbytes(t.hashtags) +
                     sbytes(t.media) + bytes(t.text_key) + sbytes(t.langs);
    uint64_t text = sbytes(t.texts) + sbytes(t.text_keys);
    double n = t.size() > 0 ? static_cast<double>(t.size()) : 1.0;
    std::printf(
        "memory      events %.1f B/event, dictionaries %.1f B/event, text %.1f B/event (%.1f MB in "
        "all)\n",
        events / n, dicts / n, text / n, static_cast<double>(events + dicts + text) / 1e6);
  });
}

void register_dump(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto limit = std::make_shared<size_t>(0);
  auto* cmd =
      app.add_subcommand("dump", "Print the events of a DATASET, one per line, in time order");
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
