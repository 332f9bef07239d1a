#include "report/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "base/time_parse.h"

namespace lockstep::report {

ActivityHistogram activity_histogram(const Findings& f, const std::vector<uint32_t>& accounts,
                                     uint32_t bins) {
  ActivityHistogram h;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (uint32_t a : accounts) {
    const auto& t = f.accounts[a].activity_ms;
    if (t.empty()) continue;
    lo = std::min(lo, t.front());
    hi = std::max(hi, t.back());
  }
  if (lo > hi || bins == 0) return h;
  h.start_ms = lo;
  h.bin_ms = std::max<int64_t>(1000, (hi - lo) / bins + 1);
  h.counts.assign(static_cast<size_t>((hi - lo) / h.bin_ms + 1), 0);
  for (uint32_t a : accounts)
    for (int64_t t : f.accounts[a].activity_ms)
      ++h.counts[static_cast<size_t>((t - lo) / h.bin_ms)];
  double n = static_cast<double>(h.counts.size());
  double mean = std::accumulate(h.counts.begin(), h.counts.end(), 0.0) / n, var = 0;
  for (uint32_t c : h.counts) var += (c - mean) * (c - mean);
  double threshold = std::max(5.0, mean + 3 * std::sqrt(var / n));
  for (uint32_t c : h.counts) h.burst.push_back(c >= threshold);
  return h;
}

namespace svg {

namespace {

constexpr const char* kOpen =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"{}\" "
    "height=\"{}\">";

std::string short_time(int64_t ms, int64_t span_ms) {
  auto s = iso_time(ms);  // "YYYY-MM-DD HH:MM:SSZ"
  return span_ms > 3 * 86'400'000LL ? s.substr(0, 10) : s.substr(5, 11);
}

std::string time_axis(int64_t start, int64_t end, double x0, double width, double y) {
  std::string out =
      fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"axis\"/>",
                  x0, y, x0 + width, y);
  int64_t span = std::max<int64_t>(end - start, 1);
  for (int k = 0; k <= 4; ++k) {
    double x = x0 + width * k / 4.0;
    int64_t t = start + span * k / 4;
    const char* anchor = k == 0 ? "start" : k == 4 ? "end" : "middle";
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>"
        "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"{4}\" class=\"tick\">{5}</text>",
        x, y, y + 4, y + 16, anchor, short_time(t, span));
  }
  return out;
}

std::string label_of(const FoundAccount& a) {
  return a.handle.empty() ? a.id : "@" + a.handle;
}

}  // namespace

std::string iso_time(int64_t ms) {
  char buf[32];
  format_iso8601_ms(ms, buf);
  std::string s(buf);  // 2024-03-04T09:34:45.000Z
  if (s.size() >= 19) s = s.substr(0, 10) + " " + s.substr(11, 8) + "Z";
  return s;
}

const char* signal_colour(std::string_view s) {
  if (s.starts_with("co_repost")) return "#1f77b4";
  if (s.starts_with("co_link")) return "#ff7f0e";
  if (s.starts_with("co_domain")) return "#bcbd22";
  if (s.starts_with("co_hashtag")) return "#2ca02c";
  if (s.starts_with("hashtag_sequence")) return "#17becf";
  if (s.starts_with("copypasta")) return "#d62728";
  if (s.starts_with("co_reply")) return "#9467bd";
  if (s.starts_with("co_mention")) return "#8c564b";
  if (s.starts_with("co_active")) return "#e377c2";
  if (s.starts_with("brigade")) return "#393b79";
  return "#7f7f7f";
}

std::string campaign_network(const Findings& f, const FoundCluster& c) {
  constexpr double kSize = 420, kPad = 16;
  constexpr size_t kMaxEdges = 4000;  // a picture, not the data: the strongest edges
  auto place = [&](const FoundAccount& a) {
    return std::pair{kPad + a.x * (kSize - 2 * kPad), kPad + a.y * (kSize - 2 * kPad)};
  };
  std::string out = fmt::format(kOpen, kSize, kSize, kSize, kSize);
  out += fmt::format("<title>Network of campaign {}: {} accounts, {} edges</title>", c.id,
                     c.members.size(), c.edges.size());
  std::vector<uint32_t> edges = c.edges;
  if (edges.size() > kMaxEdges) {
    std::partial_sort(
        edges.begin(), edges.begin() + kMaxEdges, edges.end(),
        [&](uint32_t x, uint32_t y) { return f.edges[x].strength > f.edges[y].strength; });
    edges.resize(kMaxEdges);
  }
  double max_strength = 1;
  for (uint32_t e : edges) max_strength = std::max(max_strength, f.edges[e].strength);
  out += "<g class=\"edges\">";
  for (uint32_t e : edges) {
    const auto& edge = f.edges[e];
    auto [x1, y1] = place(f.accounts[edge.a]);
    auto [x2, y2] = place(f.accounts[edge.b]);
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
        "stroke-opacity=\"{:.2f}\"/>",
        x1, y1, x2, y2, signal_colour(edge.signals), 0.15 + 0.6 * edge.strength / max_strength);
  }
  out += "</g><g class=\"nodes\">";
  uint32_t max_degree = 1;
  for (uint32_t m : c.members) max_degree = std::max(max_degree, f.accounts[m].degree);
  for (uint32_t m : c.members) {
    const auto& a = f.accounts[m];
    auto [x, y] = place(a);
    double r = 2.5 + 5.0 * std::sqrt(static_cast<double>(a.degree) / max_degree);
    out += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\"><title>{} ({}): score "
        "{:.1f}, "
        "{} edges, {}</title></circle>",
        x, y, r, signal_colour(a.signals), xml_escape(label_of(a)), xml_escape(a.id), a.score,
        a.degree, xml_escape(a.signals));
  }
  out += "</g></svg>";
  return out;
}

std::string activity(const ActivityHistogram& h, std::string_view caption) {
  constexpr double kW = 640, kH = 180, kLeft = 40, kTop = 10, kPlotH = 130;
  std::string out = fmt::format(kOpen, kW, kH, kW, kH);
  out += fmt::format("<title>{}</title>", xml_escape(caption));
  uint32_t max_count = 1;
  for (uint32_t c : h.counts) max_count = std::max(max_count, c);
  double plot_w = kW - kLeft - 10, bar_w = plot_w / std::max<size_t>(h.counts.size(), 1);
  for (int k = 0; k <= 2; ++k) {
    double y = kTop + kPlotH - kPlotH * k / 2.0;
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/><text "
        "x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tick\">{}</text>",
        kLeft, y, kW - 10, y, kLeft - 4, y + 4, max_count * k / 2);
  }
  for (size_t i = 0; i < h.counts.size(); ++i) {
    if (h.counts[i] == 0) continue;
    double bh = kPlotH * h.counts[i] / max_count;
    out += fmt::format(
        "<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" class=\"{}\"><title>{} "
        "events from {}{}</title></rect>",
        kLeft + i * bar_w, kTop + kPlotH - bh, std::max(bar_w - 0.5, 0.5), bh,
        h.burst[i] ? "burst" : "bar", h.counts[i],
        iso_time(h.start_ms + static_cast<int64_t>(i) * h.bin_ms), h.burst[i] ? " (burst)" : "");
  }
  int64_t end = h.start_ms + static_cast<int64_t>(h.counts.size()) * h.bin_ms;
  out += time_axis(h.start_ms, end, kLeft, plot_w, kTop + kPlotH);
  out += "</svg>";
  return out;
}

std::string who_posted_when(const Findings& f, const std::vector<uint32_t>& accounts) {
  constexpr size_t kRows = 30;
  constexpr double kW = 640, kLeft = 150, kRowH = 12, kCols = 600;
  std::vector<uint32_t> rows;
  for (uint32_t a : accounts)
    if (!f.accounts[a].activity_ms.empty()) rows.push_back(a);
  std::stable_sort(rows.begin(), rows.end(), [&](uint32_t x, uint32_t y) {
    return f.accounts[x].activity_ms.size() > f.accounts[y].activity_ms.size();
  });
  if (rows.size() > kRows) rows.resize(kRows);
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (uint32_t a : rows) {
    lo = std::min(lo, f.accounts[a].activity_ms.front());
    hi = std::max(hi, f.accounts[a].activity_ms.back());
  }
  double h = kRowH * static_cast<double>(rows.size()) + 30;
  std::string out = fmt::format(kOpen, kW, h, kW, h);
  out += "<title>Who posted when</title>";
  if (rows.empty()) return out + "</svg>";
  double span = static_cast<double>(std::max<int64_t>(hi - lo, 1)), plot_w = kW - kLeft - 10;
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& a = f.accounts[rows[r]];
    double y = 4 + kRowH * static_cast<double>(r);
    auto label = label_of(a);
    if (label.size() > 22) label = label.substr(0, 21) + "…";
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tick\">{}<title>{}</title>"
        "</text>",
        kLeft - 6, y + 9, xml_escape(label), xml_escape(a.id));
    // One tick per pixel column that has events: bounded output whatever the activity.
    std::string path;
    int last = -1;
    for (int64_t t : a.activity_ms) {
      int col = static_cast<int>(static_cast<double>(t - lo) / span * (kCols - 1));
      if (col == last) continue;
      last = col;
      path += fmt::format("M{:.1f} {:.1f}v9", kLeft + col * plot_w / kCols, y + 1);
    }
    out += fmt::format("<path d=\"{}\" stroke=\"{}\" class=\"ticks\"/>", path,
                       signal_colour(a.signals));
  }
  out += time_axis(lo, hi, kLeft, plot_w, 6 + kRowH * static_cast<double>(rows.size()));
  out += "</svg>";
  return out;
}

std::string bars(const std::vector<std::pair<std::string, double>>& rows, std::string_view unit) {
  constexpr double kW = 640, kLeft = 150, kRowH = 20;
  double h = kRowH * static_cast<double>(rows.size()) + 8;
  std::string out = fmt::format(kOpen, kW, h, kW, h);
  double max_v = 1;
  for (const auto& r : rows) max_v = std::max(max_v, r.second);
  for (size_t i = 0; i < rows.size(); ++i) {
    double y = 4 + kRowH * static_cast<double>(i), w = (kW - kLeft - 90) * rows[i].second / max_v;
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tick\">{}</text><rect "
        "x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"14\" fill=\"{}\"/><text x=\"{:.1f}\" "
        "y=\"{:.1f}\" class=\"tick\">{} {}</text>",
        kLeft - 6, y + 11, xml_escape(rows[i].first), kLeft, y, std::max(w, 0.5),
        signal_colour(rows[i].first), kLeft + w + 4, y + 11, rows[i].second, xml_escape(unit));
  }
  out += "</svg>";
  return out;
}

std::string brigade_timeline(const Findings& f) {
  constexpr size_t kRows = 60;
  constexpr double kW = 640, kLeft = 150, kRowH = 12;
  size_t n = std::min(f.brigades.size(), kRows);
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t i = 0; i < n; ++i) {
    lo = std::min(lo, f.brigades[i].start_ms);
    hi = std::max(hi, f.brigades[i].end_ms);
  }
  double h = kRowH * static_cast<double>(n) + 30;
  std::string out = fmt::format(kOpen, kW, h, kW, h);
  out += "<title>Brigade incidents over time</title>";
  if (n == 0) return out + "</svg>";
  double span = static_cast<double>(std::max<int64_t>(hi - lo, 1)), plot_w = kW - kLeft - 10;
  auto x_of = [&](int64_t t) { return kLeft + static_cast<double>(t - lo) / span * plot_w; };
  for (size_t i = 0; i < n; ++i) {
    const auto& b = f.brigades[i];
    double y = 4 + kRowH * static_cast<double>(i);
    auto label = b.target_id.size() > 22 ? b.target_id.substr(0, 21) + "…" : b.target_id;
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tick\">{}</text><rect "
        "x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"9\" class=\"burst\"><title>{}: {} "
        "accounts, {} to {}</title></rect>",
        kLeft - 6, y + 9, xml_escape(label), x_of(b.start_ms), y + 1,
        std::max(x_of(b.end_ms) - x_of(b.start_ms), 1.5), xml_escape(b.target_id), b.members.size(),
        iso_time(b.start_ms), iso_time(b.end_ms));
    if (b.alert_ms != kNoTime)
      out += fmt::format("<path d=\"M{:.1f} {:.1f}v11\" class=\"alert\"/>", x_of(b.alert_ms), y);
  }
  out += time_axis(lo, hi, kLeft, plot_w, 6 + kRowH * static_cast<double>(n));
  out += "</svg>";
  return out;
}

}  // namespace svg
}  // namespace lockstep::report
