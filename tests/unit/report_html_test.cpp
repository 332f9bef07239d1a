// The HTML report and reading an analysis back: hostile strings stay text, the CSP holds.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "base/error.h"
#include "hostile_findings.h"
#include "report/report.h"

using namespace lockstep;

namespace {

std::string sha256_base64(std::string_view s) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), digest, &n, EVP_sha256(), nullptr);
  unsigned char b64[128];
  int len = EVP_EncodeBlock(b64, digest, static_cast<int>(n));
  return std::string(reinterpret_cast<char*>(b64), static_cast<size_t>(len));
}

}  // namespace

TEST(Findings, ReadBackWithEvidenceTextsFromTheTable) {
  fixtures::HostileDir h("findings");
  auto f = report::load_findings(h.dir, &h.table);
  ASSERT_EQ(f.accounts.size(), 4u);
  ASSERT_EQ(f.edges.size(), 3u);
  ASSERT_EQ(f.clusters.size(), 1u);
  EXPECT_TRUE(f.have_events);
  EXPECT_EQ(f.clusters[0].members.size(), 3u);
  EXPECT_EQ(f.clusters[0].edges.size(), 2u);  // 0-3 leaves the campaign
  const auto* a0 = f.find_account(h.payloads[0] + "#0");
  ASSERT_NE(a0, nullptr);
  EXPECT_EQ(a0->handle, h.payloads[1]);
  EXPECT_EQ(a0->activity_ms.size(), 3u);
  const auto& ev = f.edges[a0->edges[0]].evidence[0];
  EXPECT_EQ(ev.signal, "co_link");
  EXPECT_EQ(ev.a.text, "text " + h.payloads[2]);
  EXPECT_EQ(ev.a.ts_ms, 1'600'000'000'000);
  EXPECT_FALSE(f.have_brigades);
  for (const auto& a : f.accounts) {
    EXPECT_GE(a.x, 0.f);
    EXPECT_LE(a.x, 1.f);
  }
}

TEST(Findings, WithoutTheEventsSayWhyAndHowToGetThem) {
  fixtures::HostileDir h("findings-noevents");
  auto f = report::load_findings(h.dir);
  EXPECT_FALSE(f.have_events);
  EXPECT_NE(f.events_note.find("lockstep ingest"), std::string::npos);
  EXPECT_TRUE(f.edges[0].evidence[0].a.text.empty());
  EXPECT_EQ(f.edges[0].evidence[0].a.ts_ms, report::kNoTime);
}

TEST(Findings, BrigadesGroupedIntoIncidents) {
  fixtures::HostileDir h("findings-brigades");
  h.write("brigades.csv",
          "target_id,start,end,member_account_id,alert_time,extra\n"
          "t1,1000,5000,a,2000,x\nt1,1000,5000,b,1500,x\n\"<script>\",100,200,c,150,y\n");
  auto f = report::load_findings(h.dir, &h.table);
  ASSERT_TRUE(f.have_brigades);
  ASSERT_EQ(f.brigades.size(), 2u);
  EXPECT_EQ(f.brigades[0].target_id, "<script>");  // by start time
  EXPECT_EQ(f.brigades[1].members.size(), 2u);
  EXPECT_EQ(f.brigades[1].alert_ms, 1500);
}

TEST(Findings, DamagedFilesNameFileAndLine) {
  fixtures::HostileDir h("findings-damaged");
  h.write("accounts.csv", "account_id,cluster_id,score,signals\nx,0,1,co_link\ny,zero,1,co_link\n");
  try {
    report::load_findings(h.dir);
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("accounts.csv:3"), std::string::npos) << e.what();
  }
  h.write("accounts.csv", "account_id,cluster_id\n");
  EXPECT_THROW(report::load_findings(h.dir), IoError);  // no score column
  EXPECT_THROW(report::load_findings(h.dir / "missing"), UsageError);
}

TEST(HtmlReport, HostilePayloadsAreTextAndNoScriptCanRun) {
  fixtures::HostileDir h("report-html");
  h.write("brigades.csv", "target_id,start,end,member_account_id,alert_time\n\"" + h.payloads[0] +
                              "\",1000,5000,\"" + h.payloads[2] + "\",2000\n");
  auto f = report::load_findings(h.dir, &h.table);
  auto html = report::render_html_report(f);
  // No element a payload could make, anywhere in the file.
  for (const char* tag : {"<script", "<img", "<iframe", "<svg onload", "<b ", "<textarea"})
    EXPECT_EQ(html.find(tag), std::string::npos) << tag;
  EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
  EXPECT_EQ(html.find("onerror=\"window"), std::string::npos);
  // Every payload is there, escaped, as text.
  EXPECT_NE(html.find("&lt;img src=x onerror=&quot;window.__xss=&apos;img&apos;"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;window.__xss=&apos;script&apos;"), std::string::npos);
  EXPECT_NE(html.find("&amp;lt;script&amp;gt;"), std::string::npos);  // already-escaped stays so
  // The CSP allows no script and exactly the one style block, by its hash.
  const std::string marker = "style-src 'sha256-";
  auto at = html.find(marker);
  ASSERT_NE(at, std::string::npos);
  at += marker.size();
  auto hash = html.substr(at, html.find('\'', at) - at);
  auto open = html.find("<style>") + 7, close = html.find("</style>");
  EXPECT_EQ(hash, sha256_base64(html.substr(open, close - open)));
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.find("style=\""), std::string::npos);  // no inline style attributes
  // Content: the campaign, its evidence with times and texts, the brigade.
  EXPECT_NE(html.find("campaign-0"), std::string::npos);
  EXPECT_NE(html.find("2020-09-13 12:26:40Z"), std::string::npos);
  EXPECT_NE(html.find("Brigade incidents over time"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Flagged accounts outside campaigns"), std::string::npos);
}

TEST(HtmlReport, EmptyStatesSayWhatToDo) {
  fixtures::HostileDir h("report-empty");
  auto html = report::render_html_report(report::load_findings(h.dir));
  EXPECT_NE(html.find("No brigades.csv in this directory"), std::string::npos);
  EXPECT_NE(html.find("lockstep ingest"), std::string::npos);  // how to get texts
  auto path = report::write_html_report(report::load_findings(h.dir));
  EXPECT_TRUE(std::filesystem::exists(path));
}

// claim_matches.csv as `lockstep claims match --input POSTS --out FILE` writes it (csv_cell
// escaping, formula defusing), with hostile cells: each post's best match, escaped, with the
// post's text from the events; a javascript: review URL stays text.
TEST(HtmlReport, ClaimMatchesSectionWhenTheFileIsThere) {
  fixtures::HostileDir h("report-claims");
  const auto& p = h.payloads;
  auto row = [](std::vector<std::string> cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + report::csv_cell(cells[i]);
    return out + "\n";
  };
  h.write("claim_matches.csv",
          "query_id,rank,record_id,score,probability,bm25,verdict,rating,publisher,review_url,"
          "claim\n" +
              row({"p0_0", "1", p[0], "1.5", "0.40", "3.2", "false", p[1], p[2], p[3], p[4]}) +
              row({"p0_0", "2", "r2", "0.5", "0.10", "2.0", "true", "True", "Checks",
                   "https://checks.example.org/second", "second candidate, not shown"}) +
              row({"p1_1", "1", "r3", "2.5", "0.90", "4.0", p[5], "Mostly false", "Example",
                   "https://checks.example.org/first", "=HYPERLINK(\"http://x\")"}));
  auto f = report::load_findings(h.dir, &h.table);
  ASSERT_TRUE(f.have_claim_matches);
  EXPECT_EQ(f.claim_match_rows, 3u);
  ASSERT_EQ(f.claim_matches.size(), 2u);                            // rank 1 of each post
  EXPECT_EQ(f.claim_matches[0].post.post_id, "p1_1");               // most probable first
  EXPECT_EQ(f.claim_matches[0].claim, "=HYPERLINK(\"http://x\")");  // defusing undone
  EXPECT_EQ(f.claim_matches[1].review_url, p[3]);
  EXPECT_EQ(f.claim_matches[1].post.text, "text " + p[2]);  // from the events
  auto html = report::render_html_report(f);
  EXPECT_NE(html.find("<h2>Claim matches</h2>"), std::string::npos);
  EXPECT_NE(html.find("href=\"#claims\""), std::string::npos);
  EXPECT_EQ(html.find("second candidate"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"badge v v-false\">false</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"badge v \">"), std::string::npos);  // unknown: no class
  for (const char* tag : {"<script", "<img", "<iframe", "<svg onload", "<b ", "<textarea"})
    EXPECT_EQ(html.find(tag), std::string::npos) << tag;
  EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
  EXPECT_NE(html.find("javascript:window.__xss=&apos;url&apos;;alert(4)"), std::string::npos);
  EXPECT_NE(html.find("0.9"), std::string::npos);
}

TEST(HtmlReport, NoClaimMatchesSectionWithoutTheFile) {
  fixtures::HostileDir h("report-noclaims");
  auto f = report::load_findings(h.dir);
  EXPECT_FALSE(f.have_claim_matches);
  auto html = report::render_html_report(f);
  EXPECT_EQ(html.find("Claim matches"), std::string::npos);
}
