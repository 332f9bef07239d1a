// The one-file HTML report. No scripts at all: the CSP forbids them, so even a string that slipped
// past escaping could not run. Styles come from one <style> block allowed by its hash.
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>

#include "base/error.h"
#include "report/report.h"
#include "report/svg.h"

namespace lockstep::report {

namespace fs = std::filesystem;

namespace {

constexpr size_t kCampaignsShown = 50;        // in full; the rest are listed
constexpr size_t kMembersShown = 300;         // per campaign table
constexpr size_t kEvidenceEdgesShown = 5;     // strongest edges per account
constexpr size_t kAccountsWithEvidence = 60;  // per campaign, with all kEvidenceEdgesShown
constexpr size_t kTextShown = 600;            // characters of a post's text
constexpr size_t kClaimMatchesShown = 300;    // posts with their best fact-check match

constexpr std::string_view kStyle =
    "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 16px;"
    "color:#1d1d1f}h1{margin-top:24px}h2{border-bottom:1px solid #ccc;padding-bottom:4px;"
    "margin-top:36px}nav a{margin-right:12px}.cards{display:flex;flex-wrap:wrap;gap:10px}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:110px}"
    ".card b{display:block;font-size:22px}.note{background:#fff6e0;border-left:4px solid #e0a000;"
    "padding:8px 12px}.empty{color:#555;font-style:italic}table{border-collapse:collapse;"
    "margin:8px 0;font-size:13px}td,th{border-bottom:1px solid #eee;padding:3px 8px;"
    "text-align:left;vertical-align:top}th{background:#f6f6f6}.num{text-align:right;"
    "font-variant-numeric:tabular-nums}article{border:1px solid #ddd;border-radius:8px;"
    "padding:4px 16px 12px;margin:18px 0}.figs{display:flex;flex-wrap:wrap;gap:16px;"
    "align-items:flex-start}figure{margin:0}figcaption{font-size:12px;color:#555}"
    "svg{max-width:100%;height:auto;background:#fcfcfc;border:1px solid #eee}"
    ".axis{stroke:#888;stroke-width:1}.grid{stroke:#eee;stroke-width:1}.tick{font-size:10px;"
    "fill:#444}.bar{fill:#4c78a8}.burst{fill:#d62728}.alert{stroke:#000;stroke-width:2}"
    ".ticks{stroke-width:1.2;fill:none}.edges line{stroke-width:1}.badge{display:inline-block;"
    "border-radius:10px;padding:0 8px;margin-right:4px;color:#fff;font-size:12px}"
    ".s-co_repost{background:#1f77b4}.s-co_link{background:#ff7f0e}.s-co_domain{background:"
    "#bcbd22}.s-co_hashtag{background:#2ca02c}.s-hashtag_sequence{background:#17becf}"
    ".s-copypasta{background:#d62728}.s-co_reply{background:#9467bd}.s-co_mention{background:"
    "#8c564b}.s-co_active{background:#e377c2}.s-brigade{background:#393b79}.post{white-space:pre-"
    "wrap;overflow-wrap:anywhere;"
    "background:#f7f7f9;border-radius:4px;padding:4px 8px;margin:2px 0}.id{font-family:"
    "monospace;font-size:12px;overflow-wrap:anywhere}details{margin:4px 0}summary{cursor:"
    "pointer}.v{background:#8a8a8a;text-transform:uppercase}.v-false{background:#c62828}"
    ".v-mostly-false{background:#e8710a}.v-mixture{background:#b59a00}.v-mostly-true{background:"
    "#5b9a3c}.v-true{background:#2e7d32}.v-satire{background:#7b4fa0}";

std::string sha256_base64(std::string_view s) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(s.data(), s.size(), digest, &n, EVP_sha256(), nullptr))
    throw std::runtime_error("sha256 failed");
  unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  int len = EVP_EncodeBlock(b64, digest, static_cast<int>(n));
  return std::string(reinterpret_cast<char*>(b64), static_cast<size_t>(len));
}

std::string esc(std::string_view s) {
  return xml_escape(s);
}

// Signal names are ours, but they come back from a file: only known ones get a class.
std::string badges(std::string_view list) {
  std::string out;
  size_t i = 0;
  while (i < list.size()) {
    size_t end = list.find(';', i);
    if (end == std::string_view::npos) end = list.size();
    auto s = list.substr(i, end - i);
    bool known = s.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos;
    out += fmt::format("<span class=\"badge {}\">{}</span>",
                       known ? "s-" + std::string(s) : std::string(), esc(s));
    i = end + 1;
  }
  return out;
}

std::string label_of(const FoundAccount& a) {
  return a.handle.empty() ? a.id : "@" + a.handle;
}

std::string num(double v) {
  return fmt::format("{:.3g}", v);
}

std::string post_html(const EvidencePost& p) {
  std::string out = fmt::format("<span class=\"id\">post {}</span>", esc(p.post_id));
  if (p.ts_ms != kNoTime)
    out += fmt::format(" at {} by <span class=\"id\">{}</span>", svg::iso_time(p.ts_ms),
                       esc(p.account_id));
  if (!p.text.empty()) {
    std::string text = p.text;
    if (text.size() > kTextShown) {
      size_t cut = kTextShown;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      text = text.substr(0, cut) + "…";
    }
    out += fmt::format("<div class=\"post\">{}</div>", esc(text));
  }
  return out;
}

std::string evidence_html(const Findings& f, const FoundAccount& a, size_t edges_shown) {
  std::string out = fmt::format(
      "<details><summary>{} <span class=\"id\">{}</span>: score {}, {} significant edges"
      "</summary><ul>",
      esc(label_of(a)), esc(a.id), num(a.score), a.edges.size());
  for (size_t k = 0; k < std::min(a.edges.size(), edges_shown); ++k) {
    const auto& e = f.edges[a.edges[k]];
    const auto& other = f.accounts[&f.accounts[e.a] == &a ? e.b : e.a];
    out += fmt::format(
        "<li>with {} <span class=\"id\">{}</span> {} strength {}, {} shared items<ul>",
        esc(label_of(other)), esc(other.id), badges(e.signals), num(e.strength), e.items);
    for (const auto& ev : e.evidence) {
      if (!ev.raw.empty()) {
        out += fmt::format("<li><span class=\"id\">{}</span></li>", esc(ev.raw));
        continue;
      }
      out += fmt::format("<li>{} {} s apart:<br>{}<br>{}</li>", badges(ev.signal),
                         num(ev.dt_seconds), post_html(ev.a), post_html(ev.b));
    }
    out += "</ul></li>";
  }
  if (a.edges.size() > edges_shown)
    out += fmt::format("<li>{} weaker edges: see edges.csv</li>", a.edges.size() - edges_shown);
  return out + "</ul></details>";
}

std::string members_table(const Findings& f, const std::vector<uint32_t>& members) {
  std::string out =
      "<table><tr><th>account</th><th>id</th><th>score</th><th>signals</th><th>edges</th>"
      "<th>events</th><th>posts/day</th><th>repost share</th><th>hour entropy</th></tr>";
  for (size_t i = 0; i < std::min(members.size(), kMembersShown); ++i) {
    const auto& a = f.accounts[members[i]];
    out += fmt::format(
        "<tr><td>{}</td><td class=\"id\">{}</td><td class=\"num\">{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        esc(label_of(a)), esc(a.id), num(a.score), badges(a.signals), a.degree, a.events,
        num(a.posts_per_day), num(a.repost_share), num(a.hour_entropy));
  }
  out += "</table>";
  if (members.size() > kMembersShown)
    out += fmt::format("<p>{} more accounts: see accounts.csv</p>", members.size() - kMembersShown);
  return out;
}

std::vector<uint32_t> by_score(const Findings& f, std::vector<uint32_t> v) {
  std::stable_sort(v.begin(), v.end(), [&](uint32_t x, uint32_t y) {
    return f.accounts[x].score > f.accounts[y].score;
  });
  return v;
}

// Every account gets its evidence; past the strongest few, only its strongest edge's, so that a
// large campaign does not make a report too big to open.
std::string evidence_list(const Findings& f, const std::vector<uint32_t>& accounts) {
  std::string out = "<h4>Evidence, account by account</h4>";
  for (size_t i = 0; i < accounts.size(); ++i)
    out += evidence_html(f, f.accounts[accounts[i]],
                         i < kAccountsWithEvidence ? kEvidenceEdgesShown : 1);
  return out;
}

std::string campaign_html(const Findings& f, const FoundCluster& c, size_t rank) {
  auto members = by_score(f, c.members);
  std::string out = fmt::format(
      "<article id=\"campaign-{0}\"><h3>#{1} — campaign {0}: {2} accounts</h3><p>{3} score {4} "
      "(mean -log10 p of its edges), density {5}, evidence from {6} to {7}</p>",
      c.id, rank, c.members.size(),
      [&] {
        std::string b;
        for (const auto& s : c.signals) b += badges(s);
        return b;
      }(),
      num(c.score), num(c.density), esc(c.first), esc(c.last));
  if (!c.top_items.empty()) {
    out += "<p>What they shared most (shown as text, never as links):</p><ul>";
    for (const auto& [item, n] : c.top_items)
      out += fmt::format("<li><span class=\"id\">{}</span> — {} evidence pairs</li>", esc(item), n);
    out += "</ul>";
  }
  out += "<div class=\"figs\"><figure>" + svg::campaign_network(f, c) +
         "<figcaption>Accounts (dots, sized by edges) and significant edges (coloured by "
         "signal). Hover a dot for the account.</figcaption></figure>";
  if (f.have_events) {
    auto h = activity_histogram(f, c.members, 120);
    out += "<figure>" + svg::activity(h, "Activity of the campaign's accounts") +
           "<figcaption>Events of the campaign's accounts over time; red bins are bursts (above "
           "mean + 3 sd, at least 5 events).</figcaption>" +
           svg::who_posted_when(f, members) +
           "<figcaption>Who posted when: the 30 most active accounts, a tick per "
           "event.</figcaption></figure>";
  }
  out += "</div>" + members_table(f, members) + evidence_list(f, members) + "</article>";
  return out;
}

std::string summary_html(const Findings& f) {
  std::string out = "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">";
  auto card = [&](const char* what, uint64_t n) {
    out += fmt::format("<div class=\"card\"><b>{}</b>{}</div>", n, what);
  };
  card("events", f.events);
  card("accounts", f.accounts_total);
  card("flagged accounts", f.accounts.size());
  card("campaigns", f.clusters.size());
  card("significant edges", f.edges.size());
  card("near-duplicate text groups", f.near_duplicate_groups);
  card("records quarantined", f.quarantined);
  if (f.have_brigades) card("brigade incidents", f.brigades.size());
  out += fmt::format("</div><p>Input: <span class=\"id\">{}</span>; events from {} to {}.</p>",
                     esc(f.input), esc(f.first), esc(f.last));
  if (!f.events_note.empty()) out += fmt::format("<p class=\"note\">{}</p>", esc(f.events_note));
  std::vector<std::pair<std::string, double>> per_signal;
  for (const auto& e : f.edges) {
    size_t i = 0;
    while (i < e.signals.size()) {
      size_t end = e.signals.find(';', i);
      if (end == std::string::npos) end = e.signals.size();
      auto s = e.signals.substr(i, end - i);
      auto it = std::find_if(per_signal.begin(), per_signal.end(),
                             [&](const auto& p) { return p.first == s; });
      if (it == per_signal.end())
        per_signal.emplace_back(s, 1);
      else
        ++it->second;
      i = end + 1;
    }
  }
  std::sort(per_signal.begin(), per_signal.end(),
            [](const auto& x, const auto& y) { return x.second > y.second; });
  if (!per_signal.empty())
    out += "<figure>" + svg::bars(per_signal, "edges") +
           "<figcaption>Significant edges per signal (an edge can carry several).</figcaption>"
           "</figure>";
  return out + "</section>";
}

std::string campaigns_html(const Findings& f) {
  std::string out = "<section id=\"campaigns\"><h2>Campaigns</h2>";
  if (f.clusters.empty())
    return out +
           "<p class=\"empty\">No campaigns: no group of accounts acted together beyond chance "
           "at this FDR.</p></section>";
  out +=
      "<table><tr><th>rank</th><th>campaign</th><th>accounts</th><th>score</th>"
      "<th>density</th><th>signals</th><th>from</th><th>to</th></tr>";
  for (size_t i = 0; i < f.clusters.size(); ++i) {
    const auto& c = f.clusters[i];
    std::string sig;
    for (const auto& s : c.signals) sig += badges(s);
    out += fmt::format(
        "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        i + 1,
        i < kCampaignsShown ? fmt::format("<a href=\"#campaign-{0}\">{0}</a>", c.id)
                            : std::to_string(c.id),
        c.members.size(), num(c.score), num(c.density), sig, esc(c.first), esc(c.last));
  }
  out += "</table>";
  if (f.clusters.size() > kCampaignsShown)
    out += fmt::format(
        "<p>The {} largest campaigns are shown in full below; the others are in "
        "clusters.json.</p>",
        kCampaignsShown);
  for (size_t i = 0; i < std::min(f.clusters.size(), kCampaignsShown); ++i)
    out += campaign_html(f, f.clusters[i], i + 1);
  return out + "</section>";
}

std::string unclustered_html(const Findings& f) {
  std::vector<uint32_t> lone;
  for (uint32_t i = 0; i < f.accounts.size(); ++i)
    if (f.accounts[i].cluster < 0) lone.push_back(i);
  if (lone.empty()) return {};
  return "<section id=\"unclustered\"><h2>Flagged accounts outside campaigns</h2><p>These "
         "accounts have significant edges but their community was a single account.</p>" +
         members_table(f, lone) + evidence_list(f, lone) + "</section>";
}

std::string brigades_html(const Findings& f) {
  std::string out = "<section id=\"brigades\"><h2>Brigade incidents</h2>";
  if (!f.have_brigades)
    return out +
           "<p class=\"empty\">No brigades.csv in this directory: brigade detection did not run "
           "for this analysis. Run the analysis with brigade detection (see `lockstep analyze "
           "--help`) to see pile-ons on a target here.</p></section>";
  if (f.brigades.empty())
    return out + "<p class=\"empty\">brigades.csv is empty: no brigade was detected.</p></section>";
  out += "<figure>" + svg::brigade_timeline(f) +
         "<figcaption>Each bar is an incident from its start to its end; the black mark is when "
         "it was alerted.</figcaption></figure>";
  out +=
      "<table><tr><th>target</th><th>start</th><th>end</th><th>alert</th><th>accounts</th>"
      "<th>members</th></tr>";
  for (const auto& b : f.brigades) {
    std::string members;
    for (size_t i = 0; i < std::min<size_t>(b.members.size(), 20); ++i)
      members += (i ? ", " : "") + esc(b.members[i]);
    if (b.members.size() > 20) members += fmt::format(" and {} more", b.members.size() - 20);
    out += fmt::format(
        "<tr><td class=\"id\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"id\">{}</td></tr>",
        esc(b.target_id), svg::iso_time(b.start_ms), svg::iso_time(b.end_ms),
        b.alert_ms == kNoTime ? std::string() : svg::iso_time(b.alert_ms), b.members.size(),
        members);
  }
  return out + "</table></section>";
}

// Verdicts come back from a file: only the normalised ones (claims/rating.cpp) get a class.
std::string verdict_badge(std::string_view v) {
  static constexpr std::pair<std::string_view, std::string_view> kClass[] = {
      {"false", "v-false"},     {"mostly false", "v-mostly-false"},
      {"mixture", "v-mixture"}, {"mostly true", "v-mostly-true"},
      {"true", "v-true"},       {"satire", "v-satire"}};
  std::string_view cls;
  for (const auto& [name, c] : kClass)
    if (v == name) cls = c;
  return fmt::format("<span class=\"badge v {}\">{}</span>", cls, esc(v.empty() ? "other" : v));
}

// Present only when the directory has claim_matches.csv: each post's best fact-check match.
std::string claim_matches_html(const Findings& f) {
  if (!f.have_claim_matches) return {};
  std::string out = fmt::format(
      "<section id=\"claims\"><h2>Claim matches</h2><p>Fact-checks matched to posts by "
      "<span class=\"id\">lockstep claims match</span> (claim_matches.csv: {} rows): each post's "
      "best match, most probable first. The verdict is the reviewer's; a match says the "
      "fact-check addresses the post, not that the post repeats the claim.</p>",
      f.claim_match_rows);
  if (f.claim_matches.empty())
    return out + "<p class=\"empty\">No post matched a fact-check.</p></section>";
  // Without a re-ranker `claims match` writes probability 0: then the BM25 score is shown.
  bool calibrated = std::any_of(f.claim_matches.begin(), f.claim_matches.end(),
                                [](const ClaimMatchRow& m) { return m.probability > 0; });
  out += fmt::format(
      "<table><tr><th>post</th><th>matched claim</th><th>verdict</th><th>source</th>"
      "<th>{}</th></tr>",
      calibrated ? "probability" : "BM25 score");
  for (size_t i = 0; i < std::min(f.claim_matches.size(), kClaimMatchesShown); ++i) {
    const ClaimMatchRow& m = f.claim_matches[i];
    // The review URL is shown as text, like every URL from the data in this report.
    out += fmt::format(
        "<tr><td>{}</td><td><div class=\"post\">{}</div><span class=\"id\">{}</span></td>"
        "<td>{}{}</td><td>{}<div class=\"id\">{}</div></td><td class=\"num\">{}</td></tr>",
        post_html(m.post), esc(m.claim), esc(m.record_id), verdict_badge(m.verdict),
        m.rating.empty() ? std::string() : "<div>rated “" + esc(m.rating) + "”</div>",
        esc(m.publisher), esc(m.review_url), num(calibrated ? m.probability : m.score));
  }
  out += "</table>";
  if (f.claim_matches.size() > kClaimMatchesShown)
    out += fmt::format("<p>{} more posts with a match are in claim_matches.csv.</p>",
                       f.claim_matches.size() - kClaimMatchesShown);
  return out + "</section>";
}

}  // namespace

std::string render_html_report(const Findings& f) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'\">"
      "<meta name=\"referrer\" content=\"no-referrer\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>lockstep report</title><style>{}</style></head><body>",
      sha256_base64(kStyle), kStyle);
  out += fmt::format(
      "<h1>lockstep report</h1><p>Accounts that acted together far more often than chance "
      "allows, with the evidence to check by hand. Generated from <span class=\"id\">{}</span> "
      "by lockstep 0.1.0.</p><nav><a href=\"#summary\">Summary</a><a "
      "href=\"#campaigns\">Campaigns</a><a href=\"#unclustered\">Other flagged accounts</a><a "
      "href=\"#brigades\">Brigades</a>{}</nav>",
      esc(f.dir.string()), f.have_claim_matches ? "<a href=\"#claims\">Claim matches</a>" : "");
  out += summary_html(f) + campaigns_html(f) + unclustered_html(f) + brigades_html(f) +
         claim_matches_html(f);
  out +=
      "<footer><p>How to read this: an edge means two accounts shared the same items (posts, "
      "links, hashtags, near-identical text, ...) within seconds, more often than a null model "
      "of their activity allows (Benjamini-Hochberg FDR). A campaign is a community of such "
      "accounts. Coordination is evidence to check, not proof of intent. Method: "
      "docs/coordination.md.</p></footer></body></html>\n";
  return out;
}

fs::path write_html_report(const Findings& f) {
  auto path = f.dir / "report.html";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << render_html_report(f);
  out.close();
  if (!out) throw IoError(fmt::format("{}: cannot write the report", path.string()));
  return path;
}

}  // namespace lockstep::report
