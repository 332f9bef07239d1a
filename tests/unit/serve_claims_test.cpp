// Claim search over HTTP (`serve --kb`, GET /api/claims): results, filters, limits, the answer
// without a KB, and fact-check records carrying XSS payloads coming back as escaped JSON data.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>

#include <thread>

#include "base/error.h"
#include "claims/claims.h"
#include "hostile_findings.h"
#include "percent_encode.h"
#include "serve/serve.h"

using namespace lockstep;
namespace fs = std::filesystem;

namespace {

// A KB from the hostile ClaimReview fixture and the Fact Check API fixture, and a server over the
// hostile analysis directory with it.
class ClaimsApi : public ::testing::Test {
 protected:
  fixtures::HostileDir h{"serve-claims"};
  fs::path kb = h.dir.parent_path() / (h.dir.filename().string() + "-kb");
  std::unique_ptr<serve::Server> server;
  std::thread thread;
  simdjson::dom::parser parser;

  void SetUp() override {
    fs::remove_all(kb);
    std::string fixtures = LOCKSTEP_FIXTURES;
    auto r = claims::index_kb(
        {fixtures + "/claims/xss_claims.jsonl", fixtures + "/claims/factcheck_api.json"}, kb,
        false);
    ASSERT_EQ(r.kb_records, 7u);
  }
  void TearDown() override {
    if (server) {
      server->stop();
      thread.join();
    }
    fs::remove_all(kb);
  }

  void start(fs::path with_kb, fs::path model = {}) {
    serve::ServeOptions o;
    o.port = 0;
    o.threads = 4;
    o.timeout_seconds = 1;
    o.kb = std::move(with_kb);
    o.kb_model = std::move(model);
    server = std::make_unique<serve::Server>(report::load_findings(h.dir), o);
    thread = std::thread([this] { server->run(); });
    auto c = client();
    for (int i = 0; i < 100 && !c.Get("/api/nothing"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  httplib::Client client() const { return httplib::Client("127.0.0.1", server->port()); }

  // GET /api/claims?QUERY, expecting `status`; the parsed body.
  simdjson::dom::element get(const std::string& query, int status = 200) {
    auto res = client().Get("/api/claims?" + query);
    EXPECT_TRUE(res) << query;
    if (!res) return {};
    EXPECT_EQ(res->status, status) << query << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
    // Records are hostile: no raw '<' in any answer, even inside JSON strings.
    EXPECT_EQ(res->body.find('<'), std::string::npos) << res->body;
    body = res->body;
    simdjson::dom::element e;
    EXPECT_FALSE(parser.parse(body).get(e)) << body;
    return e;
  }
  std::vector<std::string> review_urls(simdjson::dom::element answer) {
    std::vector<std::string> out;
    for (auto m : simdjson::dom::array(answer["matches"]))
      out.emplace_back(std::string_view(m["review_url"]));
    return out;
  }
  std::string body;
};

}  // namespace

TEST_F(ClaimsApi, MatchesWithTheRecordsFields) {
  start(kb);
  auto a = get("q=" + percent_encode("Drinking hot water with lemon cures COVID-19"));
  EXPECT_EQ(std::string_view(a["query"]), "Drinking hot water with lemon cures COVID-19");
  EXPECT_EQ(uint64_t(a["kb_records"]), 7u);
  EXPECT_FALSE(bool(a["model"]));
  auto matches = simdjson::dom::array(a["matches"]);
  ASSERT_EQ(matches.size(), 2u) << body;
  auto m = *matches.begin();
  EXPECT_EQ(std::string_view(m["claim"]), "Drinking hot water with lemon cures COVID-19");
  EXPECT_EQ(std::string_view(m["claimant"]), "Viral Facebook post");
  EXPECT_EQ(std::string_view(m["claim_date"]), "2020-03-15");
  EXPECT_EQ(std::string_view(m["verdict"]), "false");
  EXPECT_FALSE(std::string_view(m["rating"]).empty());
  EXPECT_FALSE(std::string_view(m["publisher"]).empty());
  EXPECT_FALSE(std::string_view(m["site"]).empty());
  EXPECT_FALSE(std::string_view(m["review_date"]).empty());
  EXPECT_FALSE(std::string_view(m["lang"]).empty());
  EXPECT_FALSE(std::string_view(m["title"]).empty());
  EXPECT_FALSE(std::string_view(m["id"]).empty());
  EXPECT_GT(double(m["score"]), 0);
  EXPECT_GT(double(m["bm25"]), 0);
  EXPECT_TRUE(m["probability"].is_null());  // no re-ranker in this KB: BM25 order

  auto s = client().Get("/api/summary");
  ASSERT_TRUE(s);
  simdjson::dom::element summary;
  ASSERT_FALSE(parser.parse(s->body).get(summary));
  EXPECT_TRUE(bool(summary["claims"]["available"]));
  EXPECT_EQ(uint64_t(summary["claims"]["kb_records"]), 7u);
}

TEST_F(ClaimsApi, FiltersNarrowTheCandidates) {
  start(kb);
  const std::string q = "q=" + percent_encode("hot water lemon cures covid");
  EXPECT_EQ(review_urls(get(q + "&lang=fr")),
            std::vector<std::string>{"https://factuel.afp.com/citron-eau-chaude"});
  EXPECT_EQ(review_urls(get(q + "&publisher=maldita.es")),
            std::vector<std::string>{"https://maldita.es/bulo-limon"});
  EXPECT_EQ(review_urls(get(q + "&since=2020-03-18")),
            std::vector<std::string>{"https://factuel.afp.com/citron-eau-chaude"});
  EXPECT_EQ(review_urls(get(q + "&until=2020-03-17")),
            std::vector<std::string>{"https://maldita.es/bulo-limon"});
  EXPECT_EQ(review_urls(get(q + "&k=1")).size(), 1u);
  EXPECT_TRUE(review_urls(get(q + "&lang=de")).empty());
}

TEST_F(ClaimsApi, LimitsSayWhatToDo) {
  start(kb);
  auto message = [&](const std::string& query, int status = 400) {
    return std::string(std::string_view(get(query, status)["error"]));
  };
  EXPECT_NE(message("q=" + std::string(2001, 'a')).find("at most 2000 bytes"), std::string::npos);
  EXPECT_EQ(get("q=" + std::string(2000, 'a')).is_object(), true);  // at the cap: fine
  EXPECT_NE(message("q=lemon&k=100000").find("k must be at most 50"), std::string::npos);
  EXPECT_NE(message("q=lemon&k=-1").find("non-negative"), std::string::npos);
  EXPECT_NE(message("q=lemon&k=0").find("at least 1"), std::string::npos);
  EXPECT_NE(message("q=").find("q is required"), std::string::npos);
  EXPECT_NE(message("k=3").find("q is required"), std::string::npos);
  for (const char* bad : {"2020-3-1", "yesterday", "2020-13-01", "2020-02-30", "1584403200"})
    EXPECT_NE(message(fmt::format("q=lemon&since={}", bad)).find("YYYY-MM-DD"), std::string::npos)
        << bad;
  EXPECT_NE(message("q=lemon&until=2020-01-01&since=2021-01-01").find("swap"), std::string::npos);
  EXPECT_NE(message("q=lemon&publisher=" + std::string(300, 'p')).find("publisher"),
            std::string::npos);
  // Invalid UTF-8 in the query is repaired, not passed on.
  auto a = get("q=lemon%FF%FE");
  EXPECT_EQ(std::string_view(a["query"]), "lemon\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_F(ClaimsApi, WithoutAKbSaysHowToStartOne) {
  start({});
  auto e = get("q=lemon", 404);
  EXPECT_NE(std::string_view(e["error"]).find("lockstep serve DIR --kb KB"), std::string::npos);
  auto s = client().Get("/api/summary");
  simdjson::dom::element summary;
  ASSERT_FALSE(parser.parse(s->body).get(summary));
  EXPECT_FALSE(bool(summary["claims"]["available"]));
  EXPECT_EQ(uint64_t(summary["claims"]["kb_records"]), 0u);
  EXPECT_NE(std::string_view(summary["claims"]["message"]).find("--kb KB"), std::string::npos);
}

TEST_F(ClaimsApi, NotAKbIsRefusedAtStart) {
  serve::ServeOptions o;
  o.port = 0;
  o.kb = h.dir;  // an analysis directory, not a KB
  EXPECT_THROW(serve::Server(report::load_findings(h.dir), o), UsageError);
}

TEST_F(ClaimsApi, HostileRecordsComeBackAsEscapedData) {
  start(kb);
  auto a = get("q=" + percent_encode("vaccines contain tracking microchips") + "&k=50");
  const auto& p = h.payloads;
  bool seen_claim = false, seen_javascript_url = false;
  for (auto m : simdjson::dom::array(a["matches"])) {
    if (std::string_view(m["claim"]) == "Vaccines contain tracking microchips " + p[0]) {
      seen_claim = true;
      EXPECT_EQ(std::string_view(m["id"]), p[0]);
      EXPECT_EQ(std::string_view(m["claimant"]), p[1]);
      EXPECT_EQ(std::string_view(m["publisher"]), p[2]);
      EXPECT_EQ(std::string_view(m["title"]), p[4]);
      // A javascript: URL is data like any other here; the dashboard never makes it a link.
      EXPECT_EQ(std::string_view(m["review_url"]), p[3]);
      seen_javascript_url = true;
    }
  }
  EXPECT_TRUE(seen_claim) << body;
  EXPECT_TRUE(seen_javascript_url);
  // U+2028/2029 and '<', '>', '&' are escaped (JSON embedded in HTML cannot break out).
  EXPECT_NE(body.find("\\u003cscript\\u003e"), std::string::npos);
  EXPECT_EQ(body.find("\xE2\x80\xA8"), std::string::npos);
  // The query itself is echoed escaped.
  auto echoed = get("q=" + percent_encode(p[1]));
  EXPECT_EQ(std::string_view(echoed["query"]), p[1]);
}

TEST_F(ClaimsApi, ReRankerGivesProbabilities) {
  start(kb, fs::path(LOCKSTEP_FIXTURES) / "../../data/claims/reranker.model");
  auto a = get("q=" + percent_encode("Drinking hot water with lemon cures COVID-19"));
  EXPECT_TRUE(bool(a["model"]));
  auto matches = simdjson::dom::array(a["matches"]);
  ASSERT_GT(matches.size(), 0u);
  for (auto m : matches) {
    double prob = m["probability"];
    EXPECT_GE(prob, 0.0);
    EXPECT_LE(prob, 1.0);
  }
}

TEST_F(ClaimsApi, ConcurrentSearchesShareThePool) {
  start(kb);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      auto c = client();
      for (int i = 0; i < 10; ++i) {
        auto res = c.Get("/api/claims?q=" + percent_encode("hot water lemon"));
        if (res && res->status == 200 && res->body.find("maldita.es") != std::string::npos) ++ok;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
}

TEST_F(ClaimsApi, AKbExtendedWhileServingIsSeen) {
  start(kb);
  const std::string q = "q=" + percent_encode("Pashinyan resigned");
  EXPECT_TRUE(review_urls(get(q)).empty());
  claims::index_kb({std::string(LOCKSTEP_FIXTURES) + "/claims/factchecker_page.html"}, kb, false);
  // Every matcher of the pool moves to the new revision, whichever one a search borrows.
  for (int i = 0; i < 8; ++i) {
    auto a = get(q);
    EXPECT_GT(uint64_t(a["kb_records"]), 7u);
    EXPECT_EQ(review_urls(a),
              std::vector<std::string>{"https://fip.example.am/pashinyan-resigned"});
  }
}
