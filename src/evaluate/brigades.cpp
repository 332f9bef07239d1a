// Brigade detection against ground truth. A planted attack is one activation of a brigade
// campaign: the target posts and the members answer within the campaign's window. It is found when
// a flagged brigade on that target overlaps [activation, activation + window + 10 min]. Organic
// pile-ons and fan bursts (truth.json decoys) must not be flagged.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "base/error.h"
#include "evaluate/evaluate.h"
#include "ingest/csv_layout.h"

namespace lockstep::evaluate {

namespace fs = std::filesystem;

namespace {

struct Attack {
  std::string campaign, target;
  int64_t start, end;
};

struct Span {
  std::string target;
  int64_t start, end;
};

struct Row {
  std::string target, member, incident;
  int64_t start, end, alert;
  int64_t first = 0;  // the member's first interaction (0 when the file does not say)
};

std::vector<Row> read_rows(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("{}: cannot read", path.string()));
  std::string line;
  std::vector<std::string> header, f;
  if (!std::getline(in, line) || !ingest::split_csv_record(line, ',', header))
    throw UsageError(fmt::format("{}: no header line", path.string()));
  auto col = [&](std::string_view name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw UsageError(fmt::format("{}: no column '{}'", path.string(), name));
  };
  size_t t = col("target_id"), s = col("start"), e = col("end"), m = col("member_account_id"),
         a = col("alert_time");
  size_t id = header.size(), first = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "incident_id") id = i;
    if (header[i] == "first_interaction") first = i;
  }
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    if (!ingest::split_csv_record(line, ',', f) || f.size() != header.size()) continue;
    auto strip = [](std::string v) { return v.starts_with("'") ? v.substr(1) : v; };
    Row r{strip(f[t]),
          strip(f[m]),
          id < f.size() ? f[id] : f[t] + "@" + f[s],
          std::stoll(f[s]),
          std::stoll(f[e]),
          std::stoll(f[a]),
          first < f.size() ? std::stoll(f[first]) : 0};
    rows.push_back(std::move(r));
  }
  return rows;
}

bool overlaps(int64_t a0, int64_t a1, int64_t b0, int64_t b1) {
  return a0 <= b1 && b0 <= a1;
}

}  // namespace

BrigadeScores score_brigades(const fs::path& truth_dir, const fs::path& brigades_csv) {
  const fs::path json = truth_dir / "truth.json";
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto text = simdjson::padded_string::load(json.string());
  if (text.error() || parser.parse(text.value()).get(root))
    throw UsageError(fmt::format("{}: missing or not valid JSON", json.string()));

  std::vector<Attack> attacks;
  std::map<std::string, std::set<std::string>> members_of;  // campaign -> members
  std::map<std::string, std::string> campaign_of_target;
  std::vector<Span> pile_ons;
  std::set<std::string> fan_targets;
  simdjson::dom::array arr;
  if (!root["campaigns"].get(arr))
    for (auto c : arr) {
      std::string_view style, id, target;
      if (c["style"].get(style) || style != "brigade" || c["id"].get(id) || c["target"].get(target))
        continue;
      int64_t window = 0;
      if (c["window_s"].get(window)) window = 900;
      simdjson::dom::array acts, members;
      if (!c["activations_ms"].get(acts))
        for (auto a : acts) {
          int64_t t;
          if (!a.get(t))
            attacks.push_back({std::string(id), std::string(target), t, t + window * 1000});
        }
      auto& set = members_of[std::string(id)];
      if (!c["members"].get(members))
        for (auto m : members) {
          std::string_view v;
          if (!m.get(v)) set.emplace(v);
        }
      campaign_of_target[std::string(target)] = std::string(id);
    }
  if (!root["decoys"].get(arr))
    for (auto d : arr) {
      std::string_view kind, target;
      if (d["kind"].get(kind) || d["target"].get(target)) continue;
      int64_t s = 0, e = 0;
      if (d["start_ms"].get(s) || d["end_ms"].get(e)) continue;
      if (kind == "pile_on") pile_ons.push_back({std::string(target), s, e});
      if (kind == "fan_group") fan_targets.emplace(target);
    }

  BrigadeScores out;
  std::vector<Row> rows = read_rows(brigades_csv);
  // Incidents: target and span per incident id.
  std::map<std::string, Row> incidents;
  for (const Row& r : rows) incidents.emplace(r.incident, r);
  out.brigades = incidents.size();

  const int64_t kSlack = 10 * 60'000;
  std::set<std::string> campaigns_found;
  for (const Attack& a : attacks) {
    ++out.activations;
    int64_t first_alert = INT64_MAX, first_reply = INT64_MAX;
    for (const Row& r : rows)
      if (r.target == a.target && overlaps(r.start, r.end, a.start, a.end + kSlack)) {
        first_alert = std::min(first_alert, r.alert);
        if (r.first > 0 && members_of[a.campaign].count(r.member))
          first_reply = std::min(first_reply, r.first);
      }
    if (first_alert == INT64_MAX) continue;
    ++out.activations_found;
    campaigns_found.insert(a.campaign);
    double latency = static_cast<double>(first_alert - a.start) / 1000.0;
    out.latency_s.push_back(latency);
    out.within_60s += latency <= 60;
    if (first_reply != INT64_MAX) {
      double l = static_cast<double>(first_alert - first_reply) / 1000.0;
      out.reply_latency_s.push_back(l);
      out.reply_within_60s += l <= 60;
    }
  }
  out.campaigns = members_of.size();
  out.campaigns_found = campaigns_found.size();
  for (const auto& [id, r] : incidents) {
    bool planted = false;
    for (const Attack& a : attacks)
      planted |= r.target == a.target && overlaps(r.start, r.end, a.start, a.end + kSlack);
    out.false_brigades += !planted;
  }
  for (const Span& p : pile_ons) {
    ++out.pile_ons;
    bool flagged = false;
    for (const auto& [id, r] : incidents)
      flagged |= r.target == p.target && overlaps(r.start, r.end, p.start, p.end);
    out.pile_ons_flagged += flagged;
  }
  for (const std::string& t : fan_targets) {
    ++out.fan_targets;
    bool flagged = false;
    for (const auto& [id, r] : incidents) flagged |= r.target == t;
    out.fan_targets_flagged += flagged;
  }
  // Members: a row is right when the member belongs to the campaign attacking that target.
  std::set<std::pair<std::string, std::string>> seen;
  std::map<std::string, std::set<std::string>> listed;  // campaign -> members listed
  for (const Row& r : rows) {
    if (!seen.insert({r.incident, r.member}).second) continue;
    ++out.member_rows;
    auto c = campaign_of_target.find(r.target);
    if (c != campaign_of_target.end() && members_of[c->second].count(r.member)) {
      ++out.member_true;
      listed[c->second].insert(r.member);
    }
  }
  for (const auto& [id, members] : members_of) {
    out.planted_members += members.size();
    out.members_found += listed[id].size();
  }
  out.member_precision =
      out.member_rows ? static_cast<double>(out.member_true) / static_cast<double>(out.member_rows)
                      : 0;
  out.member_recall = out.planted_members ? static_cast<double>(out.members_found) /
                                                static_cast<double>(out.planted_members)
                                          : 0;
  auto median = [](std::vector<double> l) {
    if (l.empty()) return 0.0;
    std::sort(l.begin(), l.end());
    return l.size() % 2 ? l[l.size() / 2] : (l[l.size() / 2 - 1] + l[l.size() / 2]) / 2;
  };
  out.median_latency_s = median(out.latency_s);
  out.median_reply_latency_s = median(out.reply_latency_s);
  return out;
}

std::string to_json(const BrigadeScores& s) {
  return fmt::format(
      "{{\"activations\": {}, \"activations_found\": {}, \"campaigns\": {}, "
      "\"campaigns_found\": {}, \"brigades\": {}, \"false_brigades\": {}, \"pile_ons\": {}, "
      "\"pile_ons_flagged\": {}, \"fan_targets\": {}, \"fan_targets_flagged\": {}, "
      "\"member_precision\": {:.4f}, \"member_recall\": {:.4f}, \"median_latency_s\": {:.1f}, "
      "\"alerts_within_60s\": {}, \"median_latency_from_first_reply_s\": {:.1f}, "
      "\"alerts_within_60s_of_first_reply\": {}}}\n",
      s.activations, s.activations_found, s.campaigns, s.campaigns_found, s.brigades,
      s.false_brigades, s.pile_ons, s.pile_ons_flagged, s.fan_targets, s.fan_targets_flagged,
      s.member_precision, s.member_recall, s.median_latency_s, s.within_60s,
      s.median_reply_latency_s, s.reply_within_60s);
}

std::string to_text(const BrigadeScores& s) {
  return fmt::format(
      "brigade attacks  {} of {} found ({} of {} campaigns); {} brigades flagged, {} on no "
      "planted attack\n"
      "decoys           {} of {} organic pile-ons flagged; {} of {} celebrities' fan bursts "
      "flagged\n"
      "members          precision {:.3f} ({} of {} rows)  recall {:.3f} ({} of {} planted)\n"
      "latency          median {:.1f} s from the target's post to the first alert ({} of {} within "
      "60 s);\n                 median {:.1f} s from the first attacking reply ({} of {} within 60 "
      "s)\n",
      s.activations_found, s.activations, s.campaigns_found, s.campaigns, s.brigades,
      s.false_brigades, s.pile_ons_flagged, s.pile_ons, s.fan_targets_flagged, s.fan_targets,
      s.member_precision, s.member_true, s.member_rows, s.member_recall, s.members_found,
      s.planted_members, s.median_latency_s, s.within_60s, s.latency_s.size(),
      s.median_reply_latency_s, s.reply_within_60s, s.reply_latency_s.size());
}

}  // namespace lockstep::evaluate
