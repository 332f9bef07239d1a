// What the detector hands on: brigades.csv rows, alert JSON lines and block lists. Handles, ids
// and post text come from the platform and are hostile: CSV cells are defused, JSON is escaped
// HTML-safe.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "base/csv_cell.h"
#include "base/error.h"
#include "base/json_writer.h"
#include "base/time_parse.h"
#include "brigade/brigade.h"
#include "ingest/csv_layout.h"

namespace lockstep::brigade {

namespace fs = std::filesystem;

namespace {

std::string num(double v) {
  if (!std::isfinite(v)) return "0";
  return fmt::format("{:.4g}", v);
}

std::string iso(int64_t ms) {
  char buf[32];
  format_iso8601_ms(ms, buf);
  return buf;
}

// Members for block lists and brigades.csv: scored high enough, never the target.
std::vector<const Member*> listed(const Incident& inc, double threshold) {
  std::vector<const Member*> out;
  for (const Member& m : inc.members)
    if (m.score >= threshold && m.account_id != inc.target && !m.account_id.empty())
      out.push_back(&m);
  return out;
}

}  // namespace

ClusterMap load_clusters(const fs::path& accounts_csv) {
  std::ifstream in(accounts_csv);
  if (!in)
    throw UsageError(
        fmt::format("cannot read {}: give the accounts.csv of a `lockstep analyze` run",
                    accounts_csv.string()));
  ClusterMap out;
  std::string line;
  std::vector<std::string> fields;
  int account = -1, cluster = -1;
  uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (!ingest::split_csv_record(line, ',', fields))
      throw UsageError(
          fmt::format("{}:{}: unterminated quoted field", accounts_csv.string(), line_no));
    if (account < 0) {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "account_id") account = static_cast<int>(i);
        if (fields[i] == "cluster_id") cluster = static_cast<int>(i);
      }
      if (account < 0 || cluster < 0)
        throw UsageError(
            fmt::format("{}: no account_id and cluster_id columns; is it the "
                        "accounts.csv of `lockstep analyze`?",
                        accounts_csv.string()));
      continue;
    }
    if (fields.size() <= static_cast<size_t>(std::max(account, cluster)))
      throw UsageError(fmt::format("{}:{}: too few fields", accounts_csv.string(), line_no));
    std::string id = fields[static_cast<size_t>(account)];
    if (id.starts_with("'")) id.erase(0, 1);  // a defused cell
    try {
      out[id] = std::stoi(fields[static_cast<size_t>(cluster)]);
    } catch (const std::exception&) {
      throw UsageError(fmt::format("{}:{}: cluster_id '{}' is not a number", accounts_csv.string(),
                                   line_no, fields[static_cast<size_t>(cluster)]));
    }
  }
  return out;
}

std::string brigades_csv_header() {
  return "target_id,start,end,member_account_id,alert_time,incident_id,target_handle,member_handle,"
         "member_score,burst_score,coordination_score,accounts,events,first_interaction,post_id\n";
}

std::string brigade_rows(const Incident& inc, double member_threshold) {
  std::string out;
  if (!inc.brigade) return out;
  for (const Member* m : listed(inc, member_threshold)) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_cell(inc.target),
                       inc.start_ms, inc.last_ms, csv_cell(m->account_id), inc.alert_ms, inc.id,
                       csv_cell(inc.target_handle), csv_cell(m->handle), num(m->score),
                       num(inc.burst_score), num(inc.coordination), inc.accounts, inc.events,
                       m->first_ms, csv_cell(m->post_id));
  }
  return out;
}

void write_brigades_csv(const fs::path& path, const std::vector<Incident>& incidents,
                        double member_threshold) {
  fs::path tmp = path;
  tmp += ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw IoError(fmt::format("cannot write {}", tmp.string()));
  std::string all = brigades_csv_header();
  for (const Incident& inc : incidents) all += brigade_rows(inc, member_threshold);
  bool ok = std::fwrite(all.data(), 1, all.size(), f) == all.size();
  ok = std::fflush(f) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) throw IoError(fmt::format("cannot write {} (disk full?)", tmp.string()));
  fs::rename(tmp, path);
}

std::string alert_json(const Alert& a, size_t evidence) {
  const Incident& inc = a.incident;
  std::string out = "{\"alert\":";
  append_json_string(out, to_string(a.kind));
  out += fmt::format(",\"incident\":{},\"at_ms\":{},\"at\":\"{}\",\"target\":", inc.id, a.at_ms,
                     iso(a.at_ms));
  append_json_string(out, inc.target);
  out += ",\"target_handle\":";
  append_json_string(out, inc.target_handle);
  out += fmt::format(
      ",\"window\":{{\"start_ms\":{},\"end_ms\":{},\"start\":\"{}\",\"end\":\"{}\"}}"
      ",\"counts\":{{\"events\":{},\"accounts\":{},\"peak_window\":{},"
      "\"baseline_per_hour\":{}}}"
      ",\"burst_score\":{},\"coordination_score\":{}"
      ",\"signs\":{{\"novel_share\":{},\"fresh_share\":{},\"median_age_days\":{},"
      "\"duplicate_share\":{},\"cluster_share\":{},\"synchrony\":{}}}",
      inc.start_ms, inc.last_ms, iso(inc.start_ms), iso(inc.last_ms), inc.events, inc.accounts,
      inc.peak_window, num(inc.baseline_per_hour), num(inc.burst_score), num(inc.coordination),
      num(inc.novel_share), inc.fresh_share < 0 ? "null" : num(inc.fresh_share),
      inc.median_age_days < 0 ? "null" : num(inc.median_age_days), num(inc.duplicate_share),
      num(inc.cluster_share), num(inc.synchrony));
  // Top evidence: the highest-scored members, earliest first among equals.
  std::vector<const Member*> top;
  for (const Member& m : inc.members)
    if (m.account_id != inc.target) top.push_back(&m);
  std::stable_sort(top.begin(), top.end(),
                   [](const Member* x, const Member* y) { return x->score > y->score; });
  if (top.size() > evidence) top.resize(evidence);
  out += ",\"evidence\":[";
  for (size_t i = 0; i < top.size(); ++i) {
    const Member& m = *top[i];
    if (i) out += ',';
    out += "{\"account_id\":";
    append_json_string(out, m.account_id);
    out += ",\"handle\":";
    append_json_string(out, m.handle);
    out += ",\"post_id\":";
    append_json_string(out, m.post_id);
    out += fmt::format(
        ",\"time_ms\":{},\"time\":\"{}\",\"score\":{},\"novel\":{},\"fresh\":{},"
        "\"duplicate\":{},\"cluster\":{},\"text\":",
        m.first_ms, iso(m.first_ms), num(m.score), m.novel, m.fresh, m.duplicate, m.cluster);
    append_json_string(out, m.text);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string blocklist_csv(const Incident& inc, double member_threshold) {
  std::string out = "account_id,handle,score,first_interaction,post_id\n";
  for (const Member* m : listed(inc, member_threshold))
    out += fmt::format("{},{},{},{},{}\n", csv_cell(m->account_id), csv_cell(m->handle),
                       num(m->score), iso(m->first_ms), csv_cell(m->post_id));
  return out;
}

std::string blocklist_bluesky_json(const Incident& inc, double member_threshold,
                                   std::string_view list_uri) {
  const std::string created = iso(inc.last_ms);
  std::string name = "lockstep brigade " + std::to_string(inc.id);
  std::string description = fmt::format(
      "Accounts in a coordinated reply brigade against {} from {} to {} (burst score {}, "
      "coordination score {}), found by lockstep.",
      inc.target_handle.empty() ? inc.target : "@" + inc.target_handle, iso(inc.start_ms), created,
      num(inc.burst_score), num(inc.coordination));
  std::string out =
      "{\"list\":{\"$type\":\"app.bsky.graph.list\",\"purpose\":"
      "\"app.bsky.graph.defs#modlist\",\"name\":";
  append_json_string(out, name);
  out += ",\"description\":";
  append_json_string(out, description);
  out += ",\"createdAt\":";
  append_json_string(out, created);
  out += "},\"items\":[";
  bool first = true;
  for (const Member* m : listed(inc, member_threshold)) {
    if (!first) out += ',';
    first = false;
    // The subject of a list item is a DID: Bluesky ids are DIDs, other platforms' ids are kept
    // as they are so the list still names who it means.
    out += "{\"$type\":\"app.bsky.graph.listitem\",\"subject\":";
    append_json_string(out, m->account_id);
    out += ",\"list\":";
    append_json_string(out, list_uri);
    out += ",\"createdAt\":";
    append_json_string(out, created);
    out += '}';
  }
  out += "]}";
  return out;
}

std::vector<Incident> detect(const store::EventTable& t, const BrigadeOptions& options,
                             const ClusterMap& clusters, DetectorStats* stats) {
  Detector d(options, clusters);
  std::vector<Incident> out;
  store::PostRecord r;
  auto ref = [&](uint32_t a, store::AccountRef& to) {
    to.clear();
    if (a == store::kNone) return;
    to.id = t.account_ids[a];
    to.handle = t.account_handles[a];
    to.created_ms = t.account_created_ms[a];
  };
  for (size_t e = 0; e < t.size(); ++e) {
    // Most events answer nobody; the table has resolved every parent, so the detector needs only
    // their time (this halves the work of a history run).
    const bool answers =
        t.kind_of(e) == store::EventKind::reply || t.kind_of(e) == store::EventKind::quote;
    if (!answers && (t.kind_of(e) == store::EventKind::repost || t.mentions_of(e).empty())) {
      d.pass(t.ts_ms[e]);
      for (auto& inc : d.take_closed()) out.push_back(std::move(inc));
      continue;
    }
    r.clear();
    r.kind = t.kind_of(e);
    r.ts_ms = t.ts_ms[e];
    r.post_id = t.post_ids[t.post[e]];
    ref(t.account[e], r.author);
    if (t.parent_post[e] != store::kNone) r.parent_post_id = t.post_ids[t.parent_post[e]];
    ref(t.parent_account[e], r.parent_author);
    if (r.kind != store::EventKind::repost) {
      r.text = t.text_of(e);
      for (uint32_t m : t.mentions_of(e)) {
        r.mentions.emplace_back();
        ref(m, r.mentions.back());
      }
    }
    d.add(r);
    d.take_alerts();  // a batch run keeps only what closed
    for (auto& inc : d.take_closed()) out.push_back(std::move(inc));
  }
  if (stats) *stats = d.stats();
  d.finish();
  for (auto& inc : d.take_closed()) out.push_back(std::move(inc));
  return out;
}

}  // namespace lockstep::brigade
