#include "serve/api.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "base/json_writer.h"

namespace lockstep::serve {

using report::Findings;
using report::FoundAccount;

namespace {

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  return fmt::format("{:.6g}", v);
}

std::string time_or_null(int64_t ms) {
  return ms == report::kNoTime ? "null" : std::to_string(ms);
}

// "a;b" -> ["a","b"]
void append_list(std::string& out, std::string_view list) {
  out += '[';
  size_t i = 0;
  bool first = true;
  while (i < list.size()) {
    size_t end = list.find(';', i);
    if (end == std::string_view::npos) end = list.size();
    if (!first) out += ',';
    append_json_string(out, list.substr(i, end - i));
    first = false;
    i = end + 1;
  }
  out += ']';
}

void append_strings(std::string& out, const std::vector<std::string>& v) {
  out += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, v[i]);
  }
  out += ']';
}

void append_account_brief(std::string& out, const FoundAccount& a) {
  out += "{\"id\":";
  append_json_string(out, a.id);
  out += ",\"handle\":";
  append_json_string(out, a.handle);
  out += fmt::format(",\"cluster\":{},\"score\":{},\"degree\":{},\"events\":{},\"signals\":",
                     a.cluster, num(a.score), a.degree, a.events);
  append_list(out, a.signals);
  out += '}';
}

void append_histogram(std::string& out, const report::ActivityHistogram& h) {
  out += fmt::format("{{\"start_ms\":{},\"bin_ms\":{},\"counts\":[", h.start_ms, h.bin_ms);
  for (size_t i = 0; i < h.counts.size(); ++i) out += (i ? "," : "") + std::to_string(h.counts[i]);
  out += "],\"burst\":[";
  for (size_t i = 0; i < h.burst.size(); ++i) out += (i ? "," : "") + std::to_string(h.burst[i]);
  out += "]}";
}

void append_post(std::string& out, const report::EvidencePost& p) {
  out += "{\"post_id\":";
  append_json_string(out, p.post_id);
  out += fmt::format(",\"ts_ms\":{},\"account_id\":", time_or_null(p.ts_ms));
  append_json_string(out, p.account_id);
  out += ",\"text\":";
  append_json_string(out, p.text);
  out += '}';
}

void append_page(std::string& out, size_t total, Page page) {
  out += fmt::format("\"total\":{},\"offset\":{},\"limit\":{}", total, page.offset, page.limit);
}

// Case-insensitive ASCII substring: ids and handles are mostly ASCII; anything else matches
// byte for byte.
bool contains(std::string_view hay, std::string_view needle) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                     [&](char x, char y) { return lower(x) == lower(y); }) != hay.end();
}

}  // namespace

std::string summary_json(const Findings& f, const BrigadeSnapshot& brigades,
                         const ClaimsStatus& claims) {
  std::string out = "{\"summary\":";
  // summary.json is lockstep's own output, but it is read back from disk: splice it in only
  // when it parses as one JSON object, else serve it as a string.
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (!parser.parse(f.summary_json).get(object))
    out += f.summary_json;
  else
    append_json_string(out, f.summary_json);
  out += fmt::format(
      ",\"flagged_accounts\":{},\"campaigns\":{},\"edges\":{},\"have_events\":{},\"events_note\":",
      f.accounts.size(), f.clusters.size(), f.edges.size(), f.have_events ? "true" : "false");
  append_json_string(out, f.events_note);
  out += fmt::format(",\"have_brigades\":{},\"brigades\":{}", brigades.available ? "true" : "false",
                     brigades.incidents.size());
  out += fmt::format(",\"claims\":{{\"available\":{},\"kb_records\":{},\"model\":{},\"message\":",
                     claims.available ? "true" : "false", claims.kb_records,
                     claims.model ? "true" : "false");
  append_json_string(out, claims.available ? "" : kNoKbMessage);
  out += "}}";
  return out;
}

std::string campaigns_json(const Findings& f, Page page) {
  std::string out = "{";
  append_page(out, f.clusters.size(), page);
  out += ",\"items\":[";
  for (size_t i = page.offset; i < std::min(f.clusters.size(), page.offset + page.limit); ++i) {
    const auto& c = f.clusters[i];
    if (i > page.offset) out += ',';
    out +=
        fmt::format("{{\"id\":{},\"rank\":{},\"size\":{},\"edges\":{},\"score\":{},\"density\":{},",
                    c.id, i + 1, c.members.size(), c.edges.size(), num(c.score), num(c.density));
    out += "\"first\":";
    append_json_string(out, c.first);
    out += ",\"last\":";
    append_json_string(out, c.last);
    out += ",\"signals\":";
    append_strings(out, c.signals);
    out += ",\"top_items\":[";
    for (size_t k = 0; k < c.top_items.size(); ++k) {
      if (k) out += ',';
      out += "{\"item\":";
      append_json_string(out, c.top_items[k].first);
      out += fmt::format(",\"evidence_pairs\":{}}}", c.top_items[k].second);
    }
    out += "]}";
  }
  return out + "]}";
}

std::string campaign_json(const Findings& f, uint32_t id, size_t max_members, uint32_t bins) {
  const auto* c = f.find_cluster(id);
  if (!c) return {};
  std::vector<uint32_t> members = c->members;
  std::stable_sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) {
    return f.accounts[x].score > f.accounts[y].score;
  });
  if (members.size() > max_members) members.resize(max_members);
  std::unordered_map<uint32_t, uint32_t> local;
  for (uint32_t k = 0; k < members.size(); ++k) local.emplace(members[k], k);
  std::string out = fmt::format(
      "{{\"id\":{},\"size\":{},\"score\":{},\"density\":{},\"members_total\":{},\"first\":", c->id,
      c->members.size(), num(c->score), num(c->density), c->members.size());
  append_json_string(out, c->first);
  out += ",\"last\":";
  append_json_string(out, c->last);
  out += ",\"signals\":";
  append_strings(out, c->signals);
  out += ",\"top_items\":[";
  for (size_t k = 0; k < c->top_items.size(); ++k) {
    if (k) out += ',';
    out += "{\"item\":";
    append_json_string(out, c->top_items[k].first);
    out += fmt::format(",\"evidence_pairs\":{}}}", c->top_items[k].second);
  }
  out += "],\"members\":[";
  for (size_t k = 0; k < members.size(); ++k) {
    const auto& a = f.accounts[members[k]];
    if (k) out += ',';
    append_account_brief(out, a);
    out.pop_back();
    out += fmt::format(",\"x\":{},\"y\":{}}}", num(a.x), num(a.y));
  }
  out += "],\"edges\":[";
  bool first = true;
  for (uint32_t e : c->edges) {
    auto a = local.find(f.edges[e].a), b = local.find(f.edges[e].b);
    if (a == local.end() || b == local.end()) continue;
    out += first ? "" : ",";
    first = false;
    out += fmt::format("{{\"a\":{},\"b\":{},\"strength\":{},\"weight\":{},\"signals\":", a->second,
                       b->second, num(f.edges[e].strength), num(f.edges[e].weight));
    append_list(out, f.edges[e].signals);
    out += '}';
  }
  out += "],\"timeline\":";
  append_histogram(out, report::activity_histogram(f, c->members, bins));
  return out + "}";
}

std::string accounts_json(const Findings& f, std::string_view query, Page page) {
  std::string items;
  size_t matched = 0;
  for (const auto& a : f.accounts) {
    if (!query.empty() && !contains(a.id, query) && !contains(a.handle, query)) continue;
    if (matched >= page.offset && matched < page.offset + page.limit) {
      if (!items.empty()) items += ',';
      append_account_brief(items, a);
    }
    ++matched;
  }
  std::string out = "{";
  append_page(out, matched, page);
  return out + ",\"items\":[" + items + "]}";
}

std::string account_json(const Findings& f, const FoundAccount& a, Page page, uint32_t bins) {
  std::string out;
  append_account_brief(out, a);
  out.pop_back();
  out += fmt::format(
      ",\"features\":{{\"posts_per_day\":{},\"repost_share\":{},\"hour_entropy\":{},"
      "\"account_age_days\":{},\"generated_handle\":{}}}",
      num(a.posts_per_day), num(a.repost_share), num(a.hour_entropy),
      a.account_age_days < 0 ? "null" : num(a.account_age_days),
      a.generated_handle ? "true" : "false");
  uint32_t index = static_cast<uint32_t>(&a - f.accounts.data());
  out += fmt::format(",\"activity_events\":{},\"timeline\":", a.activity_ms.size());
  append_histogram(out, report::activity_histogram(f, {index}, bins));
  out += ",\"edges\":{";
  append_page(out, a.edges.size(), page);
  out += ",\"items\":[";
  for (size_t k = page.offset; k < std::min(a.edges.size(), page.offset + page.limit); ++k) {
    const auto& e = f.edges[a.edges[k]];
    const auto& other = f.accounts[e.a == index ? e.b : e.a];
    if (k > page.offset) out += ',';
    out += "{\"other\":";
    append_account_brief(out, other);
    out += fmt::format(",\"strength\":{},\"weight\":{},\"items\":{},\"signals\":", num(e.strength),
                       num(e.weight), e.items);
    append_list(out, e.signals);
    out += ",\"evidence\":[";
    for (size_t i = 0; i < e.evidence.size(); ++i) {
      const auto& ev = e.evidence[i];
      if (i) out += ',';
      out += "{\"signal\":";
      append_json_string(out, ev.signal);
      out += fmt::format(",\"dt_seconds\":{},\"a\":", num(ev.dt_seconds));
      append_post(out, ev.a);
      out += ",\"b\":";
      append_post(out, ev.b);
      out += ",\"raw\":";
      append_json_string(out, ev.raw);
      out += '}';
    }
    out += "]}";
  }
  return out + "]}}";
}

std::string network_json(const Findings& f, size_t max_nodes, size_t max_edges) {
  // The strongest accounts when capped; accounts.csv is already sorted by score.
  size_t n = std::min(f.accounts.size(), max_nodes);
  // Campaigns packed on shelves, each in a square whose side grows with sqrt(size); accounts
  // outside campaigns share one more square.
  std::unordered_map<int32_t, std::pair<double, double>> origin;
  std::unordered_map<int32_t, double> side;
  std::vector<std::pair<int32_t, size_t>> groups;  // cluster -> accounts in view
  {
    std::unordered_map<int32_t, size_t> count;
    for (size_t i = 0; i < n; ++i) ++count[f.accounts[i].cluster];
    groups.assign(count.begin(), count.end());
    std::sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
  }
  double area = 0;
  for (const auto& [c, k] : groups) area += (std::sqrt(double(k)) + 1) * (std::sqrt(double(k)) + 1);
  double width = std::max(1.0, std::sqrt(area) * 1.3), x = 0, y = 0, row_h = 0;
  for (const auto& [c, k] : groups) {
    double s = std::sqrt(double(k)) + 0.5;
    if (x > 0 && x + s > width) {
      x = 0;
      y += row_h + 1;
      row_h = 0;
    }
    origin[c] = {x, y};
    side[c] = s;
    x += s + 1;
    row_h = std::max(row_h, s);
  }
  // Accounts outside campaigns have no layout: a grid inside their square.
  size_t lone = 0;
  size_t lone_total = 0;
  for (const auto& [c, k] : groups)
    if (c < 0) lone_total = k;
  size_t grid = static_cast<size_t>(std::ceil(std::sqrt(double(std::max<size_t>(lone_total, 1)))));
  std::string ids = "[", labels = "[", clusters = "[", xs = "[", ys = "[", sizes = "[";
  for (size_t i = 0; i < n; ++i) {
    const auto& a = f.accounts[i];
    auto [ox, oy] = origin[a.cluster];
    double s = side[a.cluster], px = a.x, py = a.y;
    if (a.cluster < 0) {
      px = (static_cast<double>(lone % grid) + 0.5) / static_cast<double>(grid);
      py = (static_cast<double>(lone / grid) + 0.5) / static_cast<double>(grid);
      ++lone;
    }
    const char* sep = i ? "," : "";
    ids += sep;
    append_json_string(ids, a.id);
    labels += sep;
    append_json_string(labels, a.handle.empty() ? a.id : "@" + a.handle);
    clusters += fmt::format("{}{}", sep, a.cluster);
    xs += fmt::format("{}{:.4f}", sep, ox + px * s);
    ys += fmt::format("{}{:.4f}", sep, oy + py * s);
    sizes += fmt::format("{}{}", sep, a.degree);
  }
  // Edges strongest first, so a client that draws only some takes a prefix, and the cap keeps
  // the strongest.
  std::vector<uint32_t> order;
  for (size_t k = 0; k < f.edges.size(); ++k)
    if (f.edges[k].a < n && f.edges[k].b < n) order.push_back(static_cast<uint32_t>(k));
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return f.edges[x].strength > f.edges[y].strength;
  });
  size_t edges_total = order.size();
  if (order.size() > max_edges) order.resize(max_edges);
  std::string src = "[", dst = "[", strength = "[", signal = "[";
  size_t edges = 0;
  for (uint32_t k : order) {
    const auto& e = f.edges[k];
    const char* sep = edges ? "," : "";
    src += fmt::format("{}{}", sep, e.a);
    dst += fmt::format("{}{}", sep, e.b);
    strength += fmt::format("{}{}", sep, num(e.strength));
    signal += sep;
    append_json_string(signal, e.signals.substr(0, e.signals.find(';')));
    ++edges;
  }
  return fmt::format(
      "{{\"nodes_total\":{},\"edges_total\":{},\"nodes\":{{\"id\":{}],\"label\":{}],\"cluster\":{}]"
      ","
      "\"x\":{}],\"y\":{}],\"degree\":{}]}},\"edges\":{{\"source\":{}],\"target\":{}],"
      "\"strength\":{}],\"signal\":{}]}}}}",
      f.accounts.size(), edges_total, ids, labels, clusters, xs, ys, sizes, src, dst, strength,
      signal);
}

std::string brigades_json(const BrigadeSnapshot& b, Page page) {
  const auto& items = b.incidents;
  std::string out = fmt::format(
      "{{\"available\":{},\"version\":{},\"message\":", b.available ? "true" : "false", b.version);
  append_json_string(
      out, b.available ? (items.empty() ? "brigades.csv is empty: no brigade was detected" : "")
                       : "no brigades.csv in this directory: brigade detection did not run for "
                         "this analysis; run the analysis with brigade detection to see "
                         "incidents here (this page updates when the file appears)");
  out += ',';
  append_page(out, items.size(), page);
  out += ",\"items\":[";
  for (size_t i = page.offset; i < std::min(items.size(), page.offset + page.limit); ++i) {
    const auto& x = items[i];
    if (i > page.offset) out += ',';
    out += "{\"target_id\":";
    append_json_string(out, x.target_id);
    out += fmt::format(",\"start_ms\":{},\"end_ms\":{},\"alert_ms\":{},\"size\":{},\"members\":",
                       x.start_ms, x.end_ms, time_or_null(x.alert_ms), x.members.size());
    std::vector<std::string> some(x.members.begin(),
                                  x.members.begin() + std::min<size_t>(x.members.size(), 100));
    append_strings(out, some);
    out += '}';
  }
  return out + "]}";
}

std::string brigades_event(const BrigadeSnapshot& b) {
  return fmt::format(
      "id: {0}\nevent: brigades\ndata: {{\"version\":{0},\"available\":{1},\"total\":{2}}}\n\n",
      b.version, b.available ? "true" : "false", b.incidents.size());
}

}  // namespace lockstep::serve
