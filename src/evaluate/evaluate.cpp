#include "evaluate/evaluate.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <fstream>

#include "base/error.h"
#include "ingest/csv_layout.h"

namespace lockstep::evaluate {

namespace fs = std::filesystem;

namespace {

// Reads a CSV with a header; calls row(fields) with columns in header order.
template <class F>
void read_csv(const fs::path& path, std::vector<std::string>& header, F&& row) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("{}: cannot read", path.string()));
  std::string line;
  std::vector<std::string> fields;
  if (!std::getline(in, line) || !ingest::split_csv_record(line, ',', header))
    throw UsageError(fmt::format("{}: no header line", path.string()));
  std::string record;
  while (std::getline(in, line)) {
    record = line;
    while (!ingest::split_csv_record(record, ',', fields) && std::getline(in, line))
      record += "\n" + line;
    if (fields.size() != header.size()) continue;
    row(fields);
  }
}

int column(const std::vector<std::string>& header, std::string_view name, const fs::path& path) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  throw UsageError(fmt::format("{}: no column '{}'", path.string(), name));
}

double choose2(double n) {
  return n * (n - 1) / 2;
}

}  // namespace

Truth load_truth(const fs::path& dir) {
  Truth t;
  fs::path accounts = dir / "truth_accounts.csv";
  std::vector<std::string> header;
  int a = -1, c = -1, s = -1;
  read_csv(accounts, header, [&](const std::vector<std::string>& f) {
    if (a < 0) {
      a = column(header, "account_id", accounts);
      c = column(header, "campaign_id", accounts);
      s = column(header, "style", accounts);
    }
    t.planted[f[static_cast<size_t>(a)]] = {f[static_cast<size_t>(c)], f[static_cast<size_t>(s)]};
  });
  fs::path json = dir / "truth.json";
  if (!fs::exists(json)) return t;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto text = simdjson::padded_string::load(json.string());
  if (text.error() || parser.parse(text.value()).get(root))
    throw UsageError(fmt::format("{}: not valid JSON", json.string()));
  simdjson::dom::array decoys;
  if (root["decoys"].get(decoys)) return t;
  for (auto d : decoys) {
    std::string_view kind;
    if (d["kind"].get(kind)) continue;
    simdjson::dom::array members;
    if (d["accounts"].get(members)) continue;
    for (auto m : members) {
      std::string_view id;
      if (m.get(id)) continue;
      auto& kinds = t.decoy_kinds[std::string(id)];
      if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.emplace_back(kind);
    }
  }
  return t;
}

Found load_found(const fs::path& dir) {
  Found f;
  fs::path path = dir / "accounts.csv";
  std::vector<std::string> header;
  int a = -1, c = -1;
  read_csv(path, header, [&](const std::vector<std::string>& row) {
    if (a < 0) {
      a = column(header, "account_id", path);
      c = column(header, "cluster_id", path);
    }
    f.cluster_of[row[static_cast<size_t>(a)]] = std::stoi(row[static_cast<size_t>(c)]);
  });
  return f;
}

Scores score(const Truth& truth, const Found& found) {
  Scores s;
  std::map<std::string, std::pair<uint64_t, uint64_t>> by_campaign;  // campaign -> (flagged, size)
  for (const auto& [account, cs] : truth.planted) {
    auto& style = s.style_recall[cs.second];
    ++style.second;
    ++by_campaign[cs.first].second;
    if (found.cluster_of.count(account)) {
      ++s.true_positives;
      ++style.first;
      ++by_campaign[cs.first].first;
    } else {
      ++s.false_negatives;
    }
  }
  for (const auto& [account, kinds] : truth.decoy_kinds) {
    if (truth.planted.count(account)) continue;
    bool flagged = found.cluster_of.count(account) > 0;
    for (const auto& k : kinds) {
      auto& d = s.decoy_flagged[k];
      ++d.second;
      d.first += flagged;
    }
  }
  for (const auto& [account, cluster] : found.cluster_of) {
    if (truth.planted.count(account)) continue;
    ++s.false_positives;
    if (!truth.decoy_kinds.count(account)) ++s.organic_flagged;
  }
  uint64_t flagged = s.true_positives + s.false_positives,
           planted = s.true_positives + s.false_negatives;
  s.precision = flagged ? static_cast<double>(s.true_positives) / flagged : 0;
  s.recall = planted ? static_cast<double>(s.true_positives) / planted : 0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  s.campaigns = by_campaign.size();
  for (const auto& [id, c] : by_campaign) s.campaigns_found += 2 * c.first >= c.second;

  // Agreement of clusters with campaigns over the planted accounts that were flagged.
  std::map<std::pair<int, std::string>, uint64_t> table;
  std::map<int, uint64_t> rows;
  std::map<std::string, uint64_t> cols;
  uint64_t n = 0;
  for (const auto& [account, cs] : truth.planted) {
    auto it = found.cluster_of.find(account);
    if (it == found.cluster_of.end()) continue;
    // An account in no cluster (-1) is its own singleton.
    int cluster = it->second >= 0 ? it->second : -2 - static_cast<int>(n);
    ++table[{cluster, cs.first}];
    ++rows[cluster];
    ++cols[cs.first];
    ++n;
  }
  if (n >= 2) {
    double index = 0, a = 0, b = 0;
    for (const auto& [k, v] : table) index += choose2(static_cast<double>(v));
    for (const auto& [k, v] : rows) a += choose2(static_cast<double>(v));
    for (const auto& [k, v] : cols) b += choose2(static_cast<double>(v));
    double expected = a * b / choose2(static_cast<double>(n)), max = (a + b) / 2;
    s.adjusted_rand = max - expected != 0 ? (index - expected) / (max - expected) : 1.0;
    std::map<int, uint64_t> majority;
    for (const auto& [k, v] : table) majority[k.first] = std::max(majority[k.first], v);
    uint64_t pure = 0;
    for (const auto& [k, v] : majority) pure += v;
    s.cluster_purity = static_cast<double>(pure) / static_cast<double>(n);
  }
  return s;
}

namespace {
// {"key": [found, of], ...}
std::string counts_json(const std::map<std::string, std::pair<uint64_t, uint64_t>>& counts) {
  std::string out = "{";
  for (const auto& [key, v] : counts)
    out += fmt::format("{}\"{}\": [{}, {}]", out.size() > 1 ? ", " : "", key, v.first, v.second);
  return out + "}";
}
}  // namespace

std::string to_json(const Scores& s) {
  std::string out = fmt::format(
      "{{\"precision\": {:.4f}, \"recall\": {:.4f}, \"f1\": {:.4f}, \"true_positives\": {}, "
      "\"false_positives\": {}, "
      "\"false_negatives\": {}, \"organic_flagged\": {}, \"campaigns\": {}, \"campaigns_found\": "
      "{}, "
      "\"adjusted_rand\": {:.4f}, \"cluster_purity\": {:.4f}, \"style_recall\": ",
      s.precision, s.recall, s.f1, s.true_positives, s.false_positives, s.false_negatives,
      s.organic_flagged, s.campaigns, s.campaigns_found, s.adjusted_rand, s.cluster_purity);
  out += counts_json(s.style_recall) + ", \"decoy_flagged\": " + counts_json(s.decoy_flagged);
  return out + "}\n";
}

std::string to_text(const Scores& s) {
  std::string out = fmt::format(
      "accounts   precision {:.3f}  recall {:.3f}  F1 {:.3f}  (tp {}, fp {}, fn {}; fp outside any "
      "decoy {})\n"
      "campaigns  {} of {} found (half their members flagged); clusters vs campaigns ARI {:.3f}, "
      "purity {:.3f}\n",
      s.precision, s.recall, s.f1, s.true_positives, s.false_positives, s.false_negatives,
      s.organic_flagged, s.campaigns_found, s.campaigns, s.adjusted_rand, s.cluster_purity);
  for (const auto& [style, v] : s.style_recall)
    out += fmt::format("  style {:<18} {} of {} members flagged\n", style, v.first, v.second);
  for (const auto& [kind, v] : s.decoy_flagged)
    out += fmt::format("  decoy {:<18} {} of {} accounts flagged\n", kind, v.first, v.second);
  return out;
}

}  // namespace lockstep::evaluate
