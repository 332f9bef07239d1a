#include "store/table_builder.h"

#include <gtest/gtest.h>

using namespace lockstep::store;

namespace {
PostRecord post(std::string id, std::string account, int64_t ts) {
  PostRecord r;
  r.post_id = std::move(id);
  r.author.id = std::move(account);
  r.ts_ms = ts;
  return r;
}
}  // namespace

TEST(TableBuilder, SortsByTimeAndInterns) {
  TableBuilder b;
  auto r1 = post("2", "alice", 2000);
  r1.hashtags = {"#Vote", "vote", "VOTE"};  // one tag after case folding
  r1.urls = {"http://www.example.com/a/?utm_source=x"};
  EXPECT_EQ(b.add(r1).status, AddResult::added);
  EXPECT_EQ(b.add(post("1", "bob", 1000)).status, AddResult::added);
  auto t = b.snapshot();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.ts_ms[0], 1000);
  EXPECT_EQ(t.account_ids[t.account[0]], "bob");
  ASSERT_EQ(t.hashtags_of(1).size(), 1u);
  EXPECT_EQ(t.hashtags[t.hashtags_of(1)[0]], "vote");
  EXPECT_EQ(t.urls[t.urls_of(1)[0]], "https://example.com/a");
  EXPECT_EQ(t.domains[t.url_domain[t.urls_of(1)[0]]], "example.com");
}

TEST(TableBuilder, SameShareMergesEntitiesDuplicatesAndConflicts) {
  TableBuilder b;
  auto r = post("p", "alice", 1000);
  r.media = {"img1"};
  EXPECT_EQ(b.add(r).status, AddResult::added);
  EXPECT_EQ(b.add(r).status, AddResult::duplicate);
  r.media = {"img2"};
  EXPECT_EQ(b.add(r).status, AddResult::merged);
  auto other = post("p", "mallory", 1000);
  EXPECT_EQ(b.add(other).status, AddResult::rejected);
  auto t = b.snapshot();
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t.media_of(0).size(), 2u);
}

TEST(TableBuilder, SharesOfTwoObjectsAreTwoEvents) {
  TableBuilder b;
  auto r = post("s", "alice", 1000);
  r.kind = EventKind::repost;
  r.parent_post_id = "o1";
  EXPECT_EQ(b.add(r).status, AddResult::added);
  r.parent_post_id = "o2";
  EXPECT_EQ(b.add(r).status, AddResult::added);
  EXPECT_EQ(b.snapshot().size(), 2u);
}

TEST(TableBuilder, HandleOnlyMentionsResolveToKnownAccounts) {
  TableBuilder b;
  auto a = post("1", "42", 1000);
  a.author.handle = "Alice";
  b.add(a);
  auto m = post("2", "7", 2000);
  m.mentions.push_back({});
  m.mentions.back().handle = "alice";
  m.mentions.push_back({});
  m.mentions.back().handle = "stranger";
  b.add(m);
  auto t = b.snapshot();
  auto mentions = t.mentions_of(1);
  ASSERT_EQ(mentions.size(), 2u);
  EXPECT_EQ(t.account_ids[mentions[0]], "42");
  EXPECT_EQ(t.account_ids[mentions[1]], "@stranger");
  EXPECT_EQ(t.account_count(), 3u);
}

TEST(TableBuilder, RejectsRecordsWithoutAuthorOrTime) {
  TableBuilder b;
  EXPECT_EQ(b.add(post("1", "", 1000)).status, AddResult::rejected);
  EXPECT_EQ(b.add(post("1", "a", kUnknownTime)).status, AddResult::rejected);
}

TEST(TableBuilder, CapsEntityListsAndSaysSo) {
  TableBuilder b;
  auto r = post("1", "a", 1000);
  for (int i = 0; i < 300; ++i) r.hashtags.push_back("t" + std::to_string(i));
  auto res = b.add(r);
  EXPECT_EQ(res.status, AddResult::added);
  EXPECT_NE(res.note.find("dropped 45"), std::string::npos) << res.note;
  EXPECT_EQ(b.snapshot().hashtags_of(0).size(), 255u);
}

TEST(TableBuilder, ResumesFromATable) {
  TableBuilder b;
  b.add(post("1", "a", 1000));
  auto t = b.snapshot();
  TableBuilder again(t);
  EXPECT_EQ(again.add(post("1", "a", 1000)).status, AddResult::duplicate);
  EXPECT_EQ(again.add(post("2", "a", 500)).status, AddResult::added);
  auto t2 = again.snapshot();
  EXPECT_EQ(t2.size(), 2u);
  EXPECT_EQ(t2.post_ids[t2.post[0]], "2");
}
