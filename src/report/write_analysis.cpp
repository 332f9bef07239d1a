#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "base/error.h"
#include "base/json_writer.h"
#include "base/time_parse.h"
#include "report/report.h"

namespace lockstep::report {

namespace fs = std::filesystem;
using coord::Signal;

namespace {

std::string iso(int64_t ms) {
  char buf[32];
  format_iso8601_ms(ms, buf);
  return buf;
}

std::string num(double v) {
  return fmt::format("{:.6g}", v);
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << content;
  f.close();
  if (!f) throw IoError(fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
}

std::string accounts_csv(const store::EventTable& t, const coord::CoordResult& r) {
  std::string out =
      "account_id,cluster_id,score,signals,handle,degree,events,posts_per_day,repost_share,hour_"
      "entropy,"
      "account_age_days,generated_handle\n";
  for (const auto& a : r.accounts) {
    const auto& f = a.features;
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_cell(t.account_ids[a.account]), a.cluster,
        num(a.score), coord::signal_names(a.signal_mask), csv_cell(t.account_handles[a.account]),
        a.degree, f.events, num(f.posts_per_day), num(f.repost_share), num(f.hour_entropy),
        f.account_age_days < 0 ? std::string() : num(f.account_age_days), f.digits_handle ? 1 : 0);
  }
  return out;
}

// evidence: "signal|post_a|post_b|dt_seconds" joined by ';'
std::string edges_csv(const store::EventTable& t, const coord::CoordResult& r) {
  std::string out = "source,target,weight,strength,signals,items,evidence\n";
  for (const auto& e : r.edges) {
    uint32_t items = 0;
    for (const auto& s : e.by_signal) items += s.items;
    std::string ev;
    for (const auto& x : e.evidence) {
      if (!ev.empty()) ev += ';';
      ev += fmt::format("{}|{}|{}|{}", coord::to_string(x.signal), t.post_ids[t.post[x.event_a]],
                        t.post_ids[t.post[x.event_b]], num(static_cast<double>(x.dt_ms) / 1000.0));
    }
    out += fmt::format("{},{},{},{},{},{},{}\n", csv_cell(t.account_ids[e.a]),
                       csv_cell(t.account_ids[e.b]), num(e.weight), num(e.strength),
                       coord::signal_names(e.signal_mask()), items, csv_cell(ev));
  }
  return out;
}

std::string clusters_json(const store::EventTable& t, const coord::CoordResult& r) {
  std::string out = "[";
  for (size_t c = 0; c < r.clusters.size(); ++c) {
    const auto& cl = r.clusters[c];
    out += c ? ",\n  {" : "\n  {";
    out += fmt::format(
        "\"id\": {}, \"size\": {}, \"score\": {}, \"density\": {}, \"first\": \"{}\", \"last\": "
        "\"{}\", ",
        cl.id, cl.members.size(), num(cl.score), num(cl.density), iso(cl.first_ms),
        iso(cl.last_ms));
    out += "\"signals\": [";
    bool first = true;
    for (size_t s = 0; s < coord::kSignals; ++s)
      if (cl.signal_mask & (1u << s)) {
        out += first ? "" : ", ";
        out += fmt::format("\"{}\"", coord::to_string(static_cast<Signal>(s)));
        first = false;
      }
    out += "], \"members\": [";
    for (size_t i = 0; i < cl.members.size(); ++i) {
      if (i) out += ", ";
      out += "{\"account_id\": ";
      append_json_string(out, t.account_ids[cl.members[i]]);
      out += ", \"handle\": ";
      append_json_string(out, t.account_handles[cl.members[i]]);
      out += "}";
    }
    out += "], \"top_items\": [";
    for (size_t i = 0; i < cl.top_items.size(); ++i) {
      if (i) out += ", ";
      out += "{\"item\": ";
      append_json_string(out, cl.top_items[i].first);
      out += fmt::format(", \"evidence_pairs\": {}}}", cl.top_items[i].second);
    }
    out += "]}";
  }
  out += r.clusters.empty() ? "]\n" : "\n]\n";
  return out;
}

std::string summary_json(const store::EventTable& t, const coord::CoordResult& r,
                         const coord::CoordOptions& o, const RunInfo& info) {
  std::string out = "{\n  \"lockstep_version\": \"0.1.0\",\n  \"input\": ";
  append_json_string(out, info.input);
  if (!info.dataset.empty()) {
    out += ",\n  \"dataset\": ";
    append_json_string(out, info.dataset);
  }
  out += fmt::format(",\n  \"events\": {},\n  \"accounts\": {},\n  \"quarantined\": {},\n",
                     t.size(), t.account_count(), info.quarantined);
  if (t.size() > 0)
    out += fmt::format("  \"first\": \"{}\",\n  \"last\": \"{}\",\n", iso(t.ts_ms[0]),
                       iso(t.ts_ms[t.size() - 1]));
  out += fmt::format(
      "  \"flagged_accounts\": {},\n  \"edges\": {},\n  \"clusters\": {},\n  "
      "\"near_duplicate_groups\": {},\n  \"small_groups_not_flagged\": {},\n",
      r.accounts.size(), r.edges.size(), r.clusters.size(), r.text_clusters, r.small_groups);
  out += fmt::format(
      "  \"seconds\": {{\"ingest\": {}, \"analyze\": {}, \"near_duplicates\": {}, \"communities\": "
      "{}}},\n",
      num(info.ingest_seconds), num(r.seconds), num(r.text_seconds), num(r.community_seconds));
  out += fmt::format(
      "  \"fdr\": {},\n  \"min_consistency\": {},\n  \"max_neighbours\": {},\n  "
      "\"copypasta_jaccard\": {},\n  \"min_group_size\": {},\n  \"signals\": {{",
      num(o.fdr), num(o.min_consistency), o.max_neighbours, num(o.copypasta_jaccard),
      o.min_group_size);
  bool first = true;
  for (size_t s = 0; s < coord::kSignals; ++s) {
    const auto& so = o.signals[s];
    const auto& sum = r.signals[s];
    out += first ? "\n" : ",\n";
    first = false;
    out += fmt::format(
        "    \"{}\": {{\"enabled\": {}, \"window_seconds\": {}, \"window_estimated\": {}, "
        "\"min_items\": {}, \"weight\": {}, "
        "\"occurrences\": {}, \"items\": {}, \"candidate_pairs\": {}, \"significant_pairs\": {}, "
        "\"inconsistent_pairs\": {}, \"bursts\": {}, \"log10_p_threshold\": {}, \"seconds\": {}}}",
        coord::to_string(static_cast<Signal>(s)), so.enabled ? "true" : "false",
        num(static_cast<double>(so.enabled ? sum.window_ms : so.window_ms) / 1000.0),
        sum.window_estimated ? "true" : "false", so.min_items, num(so.weight), sum.occurrences,
        sum.items, sum.candidate_pairs, sum.significant_pairs, sum.inconsistent_pairs, sum.bursts,
        std::isfinite(sum.log10_p_threshold) ? num(sum.log10_p_threshold) : std::string("null"),
        num(sum.seconds));
  }
  out += "\n  }\n}\n";
  return out;
}

std::string gexf(const store::EventTable& t, const coord::CoordResult& r) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
      "  <meta><creator>lockstep 0.1.0</creator><description>Accounts acting in "
      "coordination</description></meta>\n"
      "  <graph defaultedgetype=\"undirected\">\n"
      "    <attributes class=\"node\">\n"
      "      <attribute id=\"0\" title=\"cluster_id\" type=\"integer\"/>\n"
      "      <attribute id=\"1\" title=\"score\" type=\"double\"/>\n"
      "      <attribute id=\"2\" title=\"signals\" type=\"string\"/>\n"
      "    </attributes>\n"
      "    <attributes class=\"edge\">\n"
      "      <attribute id=\"0\" title=\"signals\" type=\"string\"/>\n"
      "      <attribute id=\"1\" title=\"strength\" type=\"double\"/>\n"
      "    </attributes>\n    <nodes>\n";
  for (const auto& a : r.accounts) {
    auto label = t.account_handles[a.account].empty() ? t.account_ids[a.account]
                                                      : t.account_handles[a.account];
    out += fmt::format(
        "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"0\" value=\"{}\"/><attvalue "
        "for=\"1\" "
        "value=\"{}\"/><attvalue for=\"2\" value=\"{}\"/></attvalues></node>\n",
        xml_escape(t.account_ids[a.account]), xml_escape(label), a.cluster, num(a.score),
        coord::signal_names(a.signal_mask));
  }
  out += "    </nodes>\n    <edges>\n";
  for (size_t i = 0; i < r.edges.size(); ++i) {
    const auto& e = r.edges[i];
    out += fmt::format(
        "      <edge id=\"{}\" source=\"{}\" target=\"{}\" weight=\"{}\"><attvalues><attvalue "
        "for=\"0\" value=\"{}\"/>"
        "<attvalue for=\"1\" value=\"{}\"/></attvalues></edge>\n",
        i, xml_escape(t.account_ids[e.a]), xml_escape(t.account_ids[e.b]), num(e.weight),
        coord::signal_names(e.signal_mask()), num(e.strength));
  }
  out += "    </edges>\n  </graph>\n</gexf>\n";
  return out;
}

std::string graphml(const store::EventTable& t, const coord::CoordResult& r) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
      "  <key id=\"handle\" for=\"node\" attr.name=\"handle\" attr.type=\"string\"/>\n"
      "  <key id=\"cluster\" for=\"node\" attr.name=\"cluster_id\" attr.type=\"int\"/>\n"
      "  <key id=\"score\" for=\"node\" attr.name=\"score\" attr.type=\"double\"/>\n"
      "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
      "  <key id=\"signals\" for=\"edge\" attr.name=\"signals\" attr.type=\"string\"/>\n"
      "  <graph id=\"lockstep\" edgedefault=\"undirected\">\n";
  for (const auto& a : r.accounts)
    out += fmt::format(
        "    <node id=\"{}\"><data key=\"handle\">{}</data><data key=\"cluster\">{}</data><data "
        "key=\"score\">{}</data></node>\n",
        xml_escape(t.account_ids[a.account]), xml_escape(t.account_handles[a.account]), a.cluster,
        num(a.score));
  for (const auto& e : r.edges)
    out += fmt::format(
        "    <edge source=\"{}\" target=\"{}\"><data key=\"weight\">{}</data><data "
        "key=\"signals\">{}</data></edge>\n",
        xml_escape(t.account_ids[e.a]), xml_escape(t.account_ids[e.b]), num(e.weight),
        coord::signal_names(e.signal_mask()));
  out += "  </graph>\n</graphml>\n";
  return out;
}

}  // namespace

void write_analysis(const fs::path& dir, const store::EventTable& t, const coord::CoordResult& r,
                    const coord::CoordOptions& options, const RunInfo& info) {
  fs::create_directories(dir);
  write_file(dir / "accounts.csv", accounts_csv(t, r));
  write_file(dir / "edges.csv", edges_csv(t, r));
  write_file(dir / "clusters.json", clusters_json(t, r));
  write_file(dir / "summary.json", summary_json(t, r, options, info));
  write_file(dir / "network.gexf", gexf(t, r));
  write_file(dir / "network.graphml", graphml(t, r));
}

}  // namespace lockstep::report
