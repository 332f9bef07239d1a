// lockstep synth: the same seed gives the same bytes, every format reads back without
// quarantine, and the planted campaigns really behave as truth.json says.
#include "synth/synth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>

#include "ingest/ingest.h"
#include "text/text.h"

namespace {

namespace fs = std::filesystem;
using lockstep::store::EventKind;
using lockstep::store::EventTable;
using lockstep::store::kNone;
using namespace lockstep::synth;

fs::path fresh_dir(const std::string& name) {
  auto d =
      fs::temp_directory_path() / ("lockstep_synth_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

SynthOptions small(const fs::path& out, OutputFormat f = OutputFormat::qut, uint64_t seed = 3) {
  SynthOptions o;
  o.seed = seed;
  o.accounts = 3000;
  o.days = 3;
  o.campaigns = {2, 2, 2, 2, 2};
  o.format = f;
  o.out = out;
  return o;
}

struct ReadBack {
  EventTable table;
  lockstep::ingest::IngestReport report;
  std::unordered_map<std::string, uint32_t> account;  // platform id -> table account
};

ReadBack read_back(const SynthReport& r, const fs::path& dir) {
  lockstep::ingest::IngestOptions o;
  o.progress = false;
  ReadBack b;
  b.table = lockstep::ingest::ingest_inputs(r.files, o, dir / "quarantine.ndjson", &b.report);
  for (uint32_t a = 0; a < b.table.account_count(); ++a)
    b.account.emplace(std::string(b.table.account_ids[a]), a);
  return b;
}

std::set<uint32_t> members_of(const CampaignTruth& c, const ReadBack& b) {
  std::set<uint32_t> m;
  for (const auto& id : c.members) {
    auto it = b.account.find(id);
    if (it != b.account.end()) m.insert(it->second);
  }
  return m;
}

TEST(Synth, SameSeedSameBytes) {
  auto a = fresh_dir("same_a"), b = fresh_dir("same_b"), c = fresh_dir("same_c");
  for (auto f : {OutputFormat::qut, OutputFormat::twitter_v1}) {
    auto ra = synthesize(small(a, f)), rb = synthesize(small(b, f)),
         rc = synthesize(small(c, f, 4));
    ASSERT_EQ(ra.files.size(), 1u);
    std::string pa = slurp(ra.files[0]);
    EXPECT_GT(ra.posts, 5000u);
    EXPECT_EQ(pa, slurp(rb.files[0]));
    EXPECT_EQ(slurp(a / "truth.json"), slurp(b / "truth.json"));
    EXPECT_EQ(slurp(a / "truth_accounts.csv"), slurp(b / "truth_accounts.csv"));
    EXPECT_NE(pa, slurp(rc.files[0]));
  }
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST(Synth, EveryFormatReadsBackWithoutQuarantine) {
  for (auto f : {OutputFormat::qut, OutputFormat::twitter_v1, OutputFormat::io_archive}) {
    auto dir = fresh_dir(std::string("fmt_") + to_string(f));
    auto r = synthesize(small(dir, f));
    auto b = read_back(r, dir);
    EXPECT_EQ(b.report.rejected(), 0u) << to_string(f);
    EXPECT_EQ(b.report.repaired(), 0u) << to_string(f);
    // v1 also carries the originals of reposts of posts from before the start.
    EXPECT_GE(b.table.size(), r.posts) << to_string(f);
    EXPECT_LE(b.table.size(), r.posts + r.posts / 10) << to_string(f);
    uint64_t by_kind[4] = {};
    for (size_t e = 0; e < b.table.size(); ++e) ++by_kind[b.table.kind[e]];
    EXPECT_EQ(by_kind[static_cast<int>(EventKind::repost)], r.by_kind[1]) << to_string(f);
    EXPECT_EQ(by_kind[static_cast<int>(EventKind::reply)], r.by_kind[2]) << to_string(f);
    fs::remove_all(dir);
  }
}

TEST(Synth, ShardsAndZstd) {
  auto dir = fresh_dir("shards");
  auto o = small(dir, OutputFormat::io_archive);
  o.shard = 4000;
  o.zstd = true;
  auto r = synthesize(o);
  EXPECT_EQ(r.files.size(), (r.posts + o.shard - 1) / o.shard);
  for (const auto& f : r.files) EXPECT_TRUE(f.ends_with(".csv.zst")) << f;
  auto b = read_back(r, dir);
  EXPECT_EQ(b.report.rejected(), 0u);
  EXPECT_EQ(b.table.size(), r.posts);
  fs::remove_all(dir);
}

TEST(Synth, RingMembersRepostTheSamePostsWithinTheWindow) {
  auto dir = fresh_dir("ring");
  auto r = synthesize(small(dir));
  auto b = read_back(r, dir);
  const auto& t = b.table;
  int rings = 0;
  for (const auto& c : r.campaigns) {
    if (c.style != Style::retweet_ring) continue;
    ++rings;
    auto members = members_of(c, b);
    ASSERT_EQ(members.size(), c.members.size()) << c.id;
    std::map<uint32_t, std::vector<int64_t>> by_parent;  // reposted post -> member repost times
    std::map<uint32_t, std::set<uint32_t>> who;
    for (size_t e = 0; e < t.size(); ++e)
      if (t.kind_of(e) == EventKind::repost && members.count(t.account[e])) {
        by_parent[t.parent_post[e]].push_back(t.ts_ms[e]);
        who[t.parent_post[e]].insert(t.account[e]);
      }
    int together = 0;
    std::set<uint32_t> active;
    for (auto& [post, times] : by_parent) {
      // Filler reposts of organic posts rarely involve three members; ring activations do.
      if (who[post].size() < 3 || who[post].size() * 3 < members.size()) continue;
      ++together;
      active.insert(who[post].begin(), who[post].end());
      // All reposts of an activation fall in one window; allow one member's filler repost of the
      // same popular post at another time.
      std::sort(times.begin(), times.end());
      size_t best = 0;
      for (size_t i = 0, j = 0; j < times.size(); ++j) {
        while (times[j] - times[i] > int64_t{c.window_s} * 1000) ++i;
        best = std::max(best, j - i + 1);
      }
      EXPECT_GE(best + 1, times.size()) << c.id;
    }
    EXPECT_GE(together, c.activations * 3 / 4) << c.id;
    EXPECT_GE(active.size() + 1, members.size())
        << c.id;  // the member who wrote a seed may not repost it
  }
  EXPECT_EQ(rings, 2);
  fs::remove_all(dir);
}

TEST(Synth, BrigadeRepliesTargetTheTarget) {
  auto dir = fresh_dir("brigade");
  auto r = synthesize(small(dir, OutputFormat::twitter_v1));
  auto b = read_back(r, dir);
  const auto& t = b.table;
  int brigades = 0;
  for (const auto& c : r.campaigns) {
    if (c.style != Style::brigade) continue;
    ++brigades;
    ASSERT_TRUE(b.account.count(c.target)) << c.id;
    const uint32_t target = b.account.at(c.target);
    auto members = members_of(c, b);
    EXPECT_FALSE(members.count(target));
    std::set<uint32_t> hit;
    std::map<uint32_t, std::vector<int64_t>> replies;  // target post -> reply times
    for (size_t e = 0; e < t.size(); ++e) {
      if (!members.count(t.account[e])) continue;
      auto m = t.mentions_of(e);
      bool at_target =
          t.parent_account[e] == target || std::find(m.begin(), m.end(), target) != m.end();
      if (at_target) hit.insert(t.account[e]);
      if (t.kind_of(e) == EventKind::reply && t.parent_account[e] == target)
        replies[t.parent_post[e]].push_back(t.ts_ms[e]);
    }
    EXPECT_EQ(hit.size(), members.size()) << c.id;
    ASSERT_FALSE(replies.empty()) << c.id;
    for (auto& [post, times] : replies) {
      if (times.size() < 3) continue;  // a member's everyday reply to the target, not a burst
      // The burst answers a post of the target's, within the campaign window.
      size_t e = 0;
      while (e < t.size() && !(t.post[e] == post && t.kind_of(e) == EventKind::post)) ++e;
      ASSERT_LT(e, t.size()) << c.id;
      EXPECT_EQ(t.account[e], target);
      for (int64_t ts : times) {
        EXPECT_GT(ts, t.ts_ms[e]);
        EXPECT_LE(ts - t.ts_ms[e], int64_t{c.window_s} * 1000) << c.id;
      }
    }
  }
  EXPECT_EQ(brigades, 2);
  fs::remove_all(dir);
}

TEST(Synth, LinkVariantsNormaliseToTheCampaignLinks) {
  auto dir = fresh_dir("links");
  auto r = synthesize(small(dir, OutputFormat::twitter_v1));
  auto b = read_back(r, dir);
  const auto& t = b.table;
  for (const auto& c : r.campaigns) {
    if (c.style != Style::link_pushing) continue;
    std::set<std::string> canonical;
    for (const auto& u : c.urls) canonical.insert(lockstep::text::normalize_url(u));
    auto members = members_of(c, b);
    std::set<std::string> seen;
    for (size_t e = 0; e < t.size(); ++e) {
      if (!members.count(t.account[e])) continue;
      for (uint32_t u : t.urls_of(e)) {
        std::string url(t.urls[u]);
        if (url.find("t.co/") == std::string::npos && canonical.count(url)) seen.insert(url);
      }
    }
    // Every link the campaign pushes arrives, whatever tracking tails it was dressed in.
    EXPECT_FALSE(seen.empty()) << c.id;
    for (const auto& u : seen) EXPECT_TRUE(canonical.count(u)) << u;
  }
  fs::remove_all(dir);
}

TEST(Synth, HashtagSequencesKeepTheirOrder) {
  auto dir = fresh_dir("tags");
  auto r = synthesize(small(dir));
  auto b = read_back(r, dir);
  const auto& t = b.table;
  for (const auto& c : r.campaigns) {
    if (c.style != Style::hashtag_sequence) continue;
    ASSERT_GE(c.hashtags.size(), 2u);
    std::string seq;
    for (const auto& h : c.hashtags) seq += (seq.empty() ? "#" : " #") + h;
    auto members = members_of(c, b);
    std::set<uint32_t> posted;
    for (size_t e = 0; e < t.size(); ++e)
      if (members.count(t.account[e]) && t.text_of(e).find(seq) != std::string_view::npos)
        posted.insert(t.account[e]);
    EXPECT_EQ(posted.size(), members.size()) << c.id << " " << seq;
  }
  fs::remove_all(dir);
}

TEST(Synth, TruthAccountsListEveryPlantedAccountOnce) {
  auto dir = fresh_dir("truth");
  auto r = synthesize(small(dir));
  std::istringstream csv(slurp(dir / "truth_accounts.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "account_id,campaign_id,style");
  std::set<std::string> ids;
  size_t rows = 0, members = 0;
  while (std::getline(csv, line)) {
    ++rows;
    ids.insert(line.substr(0, line.find(',')));
  }
  for (const auto& c : r.campaigns) members += c.members.size();
  EXPECT_EQ(rows, members);
  EXPECT_EQ(ids.size(), rows);
  std::string truth = slurp(dir / "truth.json");
  EXPECT_NE(truth.find("\"decoys\""), std::string::npos);
  EXPECT_NE(truth.find("\"kind\": \"pile_on\""), std::string::npos);
  EXPECT_NE(truth.find("\"kind\": \"viral_cascade\""), std::string::npos);
  EXPECT_EQ(truth.back(), '\n');
  fs::remove_all(dir);
}

TEST(Synth, OptionParsers) {
  EXPECT_EQ(parse_count("1M"), 1000000u);
  EXPECT_EQ(parse_count("2.5k"), 2500u);
  EXPECT_EQ(parse_count("100000"), 100000u);
  EXPECT_FALSE(parse_count("ten"));
  std::array<int, kStyles> mix{};
  std::string why;
  ASSERT_TRUE(parse_campaign_mix("ring=4,brigade=1", mix, why)) << why;
  EXPECT_EQ(mix[static_cast<int>(Style::retweet_ring)], 4);
  EXPECT_EQ(mix[static_cast<int>(Style::brigade)], 1);
  EXPECT_EQ(mix[static_cast<int>(Style::copypasta)], 0);
  EXPECT_FALSE(parse_campaign_mix("rings=4", mix, why));
  EXPECT_EQ(parse_output_format("twitter-v1"), OutputFormat::twitter_v1);
  EXPECT_FALSE(parse_output_format("csv"));
}

}  // namespace
