// The brigade detector's statistics, incident lifecycle, checkpoints and outputs.
#include "brigade/brigade.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "base/error.h"
#include "brigade/burst.h"
#include "ingest/ingest.h"

namespace lockstep::brigade {
namespace {

constexpr int64_t kT0 = 1'709'553'600'000;  // 2024-03-04T12:00:00Z
constexpr int64_t kMin = 60'000, kHour = 3'600'000, kDay = 86'400'000;

TEST(BurstSurprise, ZeroAtOrBelowExpectation) {
  EXPECT_EQ(burst_surprise(0, 1.0), 0);
  EXPECT_EQ(burst_surprise(3, 3.0), 0);
  EXPECT_EQ(burst_surprise(2, 5.0), 0);
}

TEST(BurstSurprise, MatchesThePoissonTail) {
  // P(X >= 1) = 1 - e^-lambda
  EXPECT_NEAR(burst_surprise(1, 0.1), -std::log10(1 - std::exp(-0.1)), 1e-9);
  // P(X >= 2 | 0.5) = 1 - e^-0.5 (1 + 0.5)
  EXPECT_NEAR(burst_surprise(2, 0.5), -std::log10(1 - std::exp(-0.5) * 1.5), 1e-9);
  // Grows with the count, falls with the expectation.
  EXPECT_LT(burst_surprise(6, 0.1), burst_surprise(7, 0.1));
  EXPECT_GT(burst_surprise(6, 0.1), burst_surprise(6, 1.0));
}

TEST(Baseline, DecaysWithItsTimeConstant) {
  Baseline b;
  const int64_t tau = kHour;
  b.add(0, tau);
  b.add(0, tau);
  // Two interactions, one time constant later: 2/e per tau.
  EXPECT_NEAR(b.per_hour(tau, tau, 0.0), 2 * std::exp(-1.0), 1e-9);
  // Never below the prior.
  EXPECT_DOUBLE_EQ(b.per_hour(100 * tau, tau, 0.5), 0.5);
}

store::PostRecord reply(int64_t ts, const std::string& who, const std::string& target,
                        const std::string& text, int64_t created = store::kUnknownTime) {
  static int n = 0;
  store::PostRecord r;
  r.kind = store::EventKind::reply;
  r.ts_ms = ts;
  r.post_id = "p" + std::to_string(++n);
  r.author.id = who;
  r.author.handle = who + "_h";
  r.author.created_ms = created;
  r.parent_post_id = "root-" + target;
  r.parent_author.id = target;
  r.text = text;
  return r;
}

std::string brigade_text(int i) {
  std::string t = "You should be ashamed of this take, delete it and apologise to everyone";
  if (i % 3 == 1) t += " !!";
  if (i % 3 == 2) t = "@target " + t;
  return t;
}

// Independent replies: different sentences, as a crowd of strangers writes them.
std::string own_words(int i) {
  static const char* kOpen[] = {"Honestly",    "Wow", "I disagree",   "Not sure about that",
                                "Interesting", "Hmm", "Respectfully", "Come on"};
  static const char* kBody[] = {"pineapple ruins every pizza it touches",
                                "my grandmother would never forgive you for this",
                                "the best slice I ever had was plain cheese in Naples",
                                "this is the hill you choose to die on?",
                                "sweet and salty is a classic pairing though",
                                "you have clearly never worked in a kitchen",
                                "I tried it once in 2009 and still regret it",
                                "can we talk about anchovies instead",
                                "ham and pineapple is fine, fight me",
                                "what is next, ketchup on pasta",
                                "the replies here are wild",
                                "bold move posting this on a Monday",
                                "my cat has better opinions about food",
                                "I had to read this twice to believe it",
                                "the Hawaiian pizza was invented in Canada, fun fact",
                                "counterpoint: chili oil on everything",
                                "this take is older than the internet",
                                "at least you are honest about it",
                                "sorry but no, just no",
                                "finally someone said it"};
  return std::string(kOpen[i % 8]) + ", " + kBody[i % 20];
}

TEST(Detector, QuietTargetBurstOpensAndClosesAsBrigade) {
  BrigadeOptions o;
  Detector d(o);
  for (int i = 0; i < 10; ++i)
    d.add(
        reply(kT0 + i * 15'000, "b" + std::to_string(i), "alice", brigade_text(i), kT0 - 5 * kDay));
  auto alerts = d.take_alerts();
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts.front().kind, AlertKind::opened);
  EXPECT_EQ(alerts.front().incident.target, "alice");
  EXPECT_TRUE(d.take_closed().empty());  // still open
  // Stream time passes beyond the quiet spell: it closes.
  d.advance(kT0 + 10 * 15'000 + o.quiet_ms + 2000);
  auto closed = d.take_closed();
  ASSERT_EQ(closed.size(), 1u);
  const Incident& inc = closed[0];
  EXPECT_TRUE(inc.brigade);
  EXPECT_EQ(inc.accounts, 10u);
  EXPECT_EQ(inc.events, 10u);
  EXPECT_DOUBLE_EQ(inc.fresh_share, 1.0);
  EXPECT_DOUBLE_EQ(inc.duplicate_share, 1.0);
  EXPECT_GE(inc.coordination, o.brigade_threshold);
  EXPECT_EQ(d.take_alerts().back().kind, AlertKind::closed);
}

TEST(Detector, OrganicCrowdIsABurstButNotABrigade) {
  Detector d(BrigadeOptions{});
  for (int i = 0; i < 20; ++i)
    d.add(
        reply(kT0 + i * 10'000, "p" + std::to_string(i), "celeb", own_words(i), kT0 - 3000 * kDay));
  d.finish();
  auto closed = d.take_closed();
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_FALSE(closed[0].brigade);
  EXPECT_GT(closed[0].burst_score, 6);
  EXPECT_LT(closed[0].coordination, 0.5);
  EXPECT_TRUE(d.take_alerts().empty());
}

TEST(Detector, EmojiCheersAreNotCopypasta) {
  // Fans cheering with the same few words and many emoji: bytes enough, letters too few.
  Detector d(BrigadeOptions{});
  const char* kCheers[] = {"literally crying 😂😂😂", "literally crying 🙏🙏", "literally crying! 😂😂"};
  for (int i = 0; i < 12; ++i)
    d.add(reply(kT0 + i * 10'000, "f" + std::to_string(i), "star", kCheers[i % 3]));
  d.finish();
  auto closed = d.take_closed();
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_FALSE(closed[0].brigade);
  EXPECT_EQ(closed[0].duplicate_share, 0);
}

TEST(Detector, ClustersFromAnEarlierAnalyzeAreEvidence) {
  // Established accounts in their own words: organic, unless an analysis tied them together.
  const std::filesystem::path csv =
      std::filesystem::temp_directory_path() / ("lockstep-clusters-" + std::to_string(::getpid()));
  {
    std::ofstream out(csv);
    out << "account_id,cluster_id,score,signals\n";
    for (int i = 0; i < 8; ++i) out << "c" << i << ",3,9.5,co_reply;co_active\n";
    out << "\"'=x\",4,2,copypasta\n";  // a defused cell reads back as the id
  }
  ClusterMap clusters = load_clusters(csv);
  std::filesystem::remove(csv);
  EXPECT_EQ(clusters.size(), 9u);
  EXPECT_EQ(clusters.at("=x"), 4);
  for (bool with_clusters : {false, true}) {
    Detector d(BrigadeOptions{}, with_clusters ? clusters : ClusterMap{});
    for (int i = 0; i < 8; ++i)
      d.add(reply(kT0 + i * 20'000, "c" + std::to_string(i), "carol", own_words(i + 3),
                  kT0 - 2000 * kDay));
    d.finish();
    auto closed = d.take_closed();
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(closed[0].brigade, with_clusters);
    EXPECT_DOUBLE_EQ(closed[0].cluster_share, with_clusters ? 1.0 : 0.0);
  }
  EXPECT_THROW(load_clusters("/nonexistent/accounts.csv"), UsageError);
}

TEST(Detector, BusyTargetNeedsMoreThanItsUsualTraffic) {
  // A target answered once a minute all day. Its first minutes are a surprise (nothing is known
  // yet), but that incident closes once the window is ordinary for it, and then ten answers in
  // five minutes are its normal.
  Detector d(BrigadeOptions{});
  int64_t t = kT0;
  for (int i = 0; i < 600; ++i, t += kMin)
    d.add(reply(t, "r" + std::to_string(i % 300), "busy", own_words(i)));
  EXPECT_EQ(d.stats().open_incidents, 0u);
  const uint64_t warm_up = d.stats().incidents;
  EXPECT_LE(warm_up, 1u);
  for (int i = 0; i < 10; ++i)
    d.add(reply(t + i * 30'000, "b" + std::to_string(i), "busy", brigade_text(i)));
  d.finish();
  EXPECT_EQ(d.stats().incidents, warm_up);
}

TEST(Detector, RepliesResolveTheirPostsAuthor) {
  // The input names only the parent post (as QUT CSV does): its author is the target.
  Detector d(BrigadeOptions{});
  store::PostRecord root;
  root.ts_ms = kT0;
  root.post_id = "root";
  root.author.id = "alice";
  d.add(root);
  for (int i = 0; i < 8; ++i) {
    auto r = reply(kT0 + 1000 + i * 10'000, "b" + std::to_string(i), "x", brigade_text(i));
    r.parent_author.clear();
    r.parent_post_id = "root";
    d.add(r);
  }
  d.finish();
  auto closed = d.take_closed();
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].target, "alice");
}

TEST(Detector, CheckpointRestoreGivesTheSameResult) {
  std::vector<store::PostRecord> stream;
  for (int k = 0; k < 3; ++k) {
    int64_t base = kT0 + k * 2 * kHour;
    for (int i = 0; i < 12; ++i)
      stream.push_back(reply(base + i * 12'000, "b" + std::to_string(i), "alice",
                             brigade_text(i + k), kT0 - 4 * kDay));
    for (int i = 0; i < 15; ++i)
      stream.push_back(reply(base + kHour + i * 20'000, "p" + std::to_string(i + 20 * k), "bob",
                             own_words(i + k)));
  }
  auto run = [&](size_t cut) {
    std::vector<std::string> out;
    Detector d(BrigadeOptions{});
    for (size_t i = 0; i < stream.size(); ++i) {
      if (i == cut) {
        std::string bytes = d.checkpoint();
        d = Detector::restore(bytes, BrigadeOptions{}, {});
      }
      d.add(stream[i]);
      for (const auto& a : d.take_alerts()) out.push_back(alert_json(a));
      for (const auto& inc : d.take_closed()) out.push_back(brigade_rows(inc, 0.5));
    }
    d.finish();
    for (const auto& a : d.take_alerts()) out.push_back(alert_json(a));
    for (const auto& inc : d.take_closed()) out.push_back(brigade_rows(inc, 0.5));
    return out;
  };
  auto whole = run(stream.size());
  ASSERT_FALSE(whole.empty());
  for (size_t cut : {size_t{1}, size_t{5}, size_t{13}, size_t{30}, stream.size() - 1})
    EXPECT_EQ(run(cut), whole) << "checkpoint after " << cut << " events";
}

TEST(Detector, DamagedCheckpointIsRefused) {
  Detector d(BrigadeOptions{});
  d.add(reply(kT0, "a", "b", "hello"));
  std::string bytes = d.checkpoint();
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 1;
  EXPECT_THROW(Detector::restore(flipped, BrigadeOptions{}, {}), IoError);
  EXPECT_THROW(Detector::restore(bytes.substr(0, bytes.size() - 3), BrigadeOptions{}, {}), IoError);
  EXPECT_THROW(Detector::restore("not a checkpoint", BrigadeOptions{}, {}), IoError);
  EXPECT_NO_THROW(Detector::restore(bytes, BrigadeOptions{}, {}));
}

TEST(Detector, IdleStateExpires) {
  BrigadeOptions o;
  o.target_expiry_ms = kHour;
  Detector d(o);
  for (int i = 0; i < 50; ++i)
    d.add(reply(kT0 + i * 1000, "a" + std::to_string(i), "t" + std::to_string(i), "hi"));
  EXPECT_EQ(d.stats().targets, 50u);
  // A day later, one more event: the sweep forgets the idle targets and accounts.
  for (int i = 0; i < 200; ++i) d.add(reply(kT0 + kDay + i * 1000, "z", "late", "hi"));
  EXPECT_EQ(d.stats().targets, 1u);
  EXPECT_LE(d.stats().accounts, 2u);
}

Incident sample_incident() {
  Incident inc;
  inc.id = 7;
  inc.target = "alice";
  inc.target_handle = "alice_h";
  inc.start_ms = kT0;
  inc.last_ms = kT0 + kMin;
  inc.brigade = true;
  Member m;
  m.account_id = "did:plc:attacker";
  m.handle = "</script><b>x";
  m.score = 0.9;
  m.text = "=HYPERLINK(\"evil\")";
  inc.members.push_back(m);
  m.account_id = "did:plc:bystander";
  m.handle = "bystander";
  m.score = 0.2;
  inc.members.push_back(m);
  m.account_id = "alice";  // the target answering in her own thread
  m.score = 0.9;
  inc.members.push_back(m);
  return inc;
}

TEST(BlockLists, OnlyScoredMembersNeverTheTarget) {
  Incident inc = sample_incident();
  std::string csv = blocklist_csv(inc, 0.5);
  EXPECT_NE(csv.find("did:plc:attacker"), std::string::npos);
  EXPECT_EQ(csv.find("bystander"), std::string::npos);
  EXPECT_EQ(csv.find("\nalice,"), std::string::npos);
  std::string json = blocklist_bluesky_json(inc, 0.5, "at://did:plc:me/app.bsky.graph.list/x");
  EXPECT_NE(json.find("\"purpose\":\"app.bsky.graph.defs#modlist\""), std::string::npos);
  EXPECT_NE(json.find("\"$type\":\"app.bsky.graph.listitem\",\"subject\":\"did:plc:attacker\""),
            std::string::npos);
  EXPECT_EQ(json.find("bystander"), std::string::npos);
  EXPECT_EQ(json.find("\"subject\":\"alice\""), std::string::npos);
}

TEST(Outputs, HostileTextIsEscaped) {
  Incident inc = sample_incident();
  std::string line = alert_json({AlertKind::opened, kT0, inc});
  EXPECT_EQ(line.find("</script>"), std::string::npos);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  std::string rows = brigade_rows(inc, 0.5);
  // One member row (the bystander scored too low, the target is never listed); the hostile handle
  // is quoted as a CSV cell, no formula can start a cell.
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 1);
  EXPECT_EQ(rows.find(",="), std::string::npos);
}

// The streaming decoders read the same records as the file readers, a line at a time.
class Collect : public ingest::RecordSink {
 public:
  std::vector<store::PostRecord> records;
  std::vector<uint64_t> rejected;
  void accept(const store::PostRecord& r, uint64_t) override { records.push_back(r); }
  void reject(uint64_t line, std::string_view, std::string_view) override {
    rejected.push_back(line);
  }
  void repaired(uint64_t, std::string_view, std::string_view) override {}
  void note(std::string_view) override {}
};

TEST(LineDecoder, CsvRecordsSpanningLines) {
  Collect sink;
  auto dec = ingest::make_line_decoder(ingest::Format::csv, "", sink);
  dec->feed("post_id,account_id,time,text", 1);
  dec->feed("1,a,2024-03-04T12:00:00Z,hello", 2);
  dec->feed("2,b,2024-03-04T12:00:01Z,\"two", 3);
  EXPECT_TRUE(dec->inside_record());
  dec->feed("lines\"", 4);
  EXPECT_FALSE(dec->inside_record());
  dec->feed("3,c,not a time,x", 5);
  dec->feed("4,d,2024-03-04T12:00:02Z,\"never closed", 6);
  dec->finish(6);
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[1].text, "two\nlines");
  EXPECT_EQ(sink.rejected, (std::vector<uint64_t>{5, 6}));
}

TEST(LineDecoder, JsonLinesAndUnstreamableFormats) {
  Collect sink;
  auto dec = ingest::make_line_decoder(ingest::Format::ndjson, "", sink);
  dec->feed(R"({"id":"1","user_id":"u","created_at":"2024-03-04T12:00:00Z","text":"hi"})", 1);
  dec->feed("{broken", 2);
  EXPECT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.rejected, (std::vector<uint64_t>{2}));
  EXPECT_THROW(ingest::make_line_decoder(ingest::Format::telegram, "", sink), UsageError);
}

}  // namespace
}  // namespace lockstep::brigade
