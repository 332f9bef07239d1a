#include <gtest/gtest.h>

#include <cmath>

#include "coord/features.h"
#include "coord/near_duplicates.h"
#include "coord/occurrences.h"
#include "coord/pair_counter.h"
#include "coord/significance.h"
#include "coord/sync.h"
#include "store/table_builder.h"

using namespace lockstep::coord;

TEST(Significance, PoissonTailMatchesClosedForms) {
  // P(X >= 1) = 1 - e^-l
  EXPECT_NEAR(std::pow(10, log10_poisson_tail(1, 0.5)), 1 - std::exp(-0.5), 1e-12);
  // P(X >= 2) for l = 0.1: 1 - e^-l (1 + l)
  EXPECT_NEAR(std::pow(10, log10_poisson_tail(2, 0.1)), 1 - std::exp(-0.1) * 1.1, 1e-12);
  EXPECT_EQ(log10_poisson_tail(0, 3.0), 0.0);
  // Deep tails stay finite and ordered.
  double a = log10_poisson_tail(30, 0.01), b = log10_poisson_tail(40, 0.01);
  EXPECT_TRUE(std::isfinite(a));
  EXPECT_LT(b, a);
  double first_term = (-0.01 + 30 * std::log(0.01) - std::lgamma(31.0)) / std::log(10.0);
  double rest = std::log10(1 + 0.01 / 31 + 0.01 * 0.01 / (31 * 32));
  EXPECT_NEAR(a, first_term + rest, 1e-9);
}

TEST(Significance, BenjaminiHochbergCountsUntestedPairs) {
  std::vector<double> p = {-10, -6, -3, -1};
  EXPECT_EQ(bh_threshold(p, 0.01, 4), -3);     // 1e-3 <= 0.01 * 3/4
  EXPECT_EQ(bh_threshold(p, 0.01, 1e6), -10);  // 1e-10 <= 1e-8, 1e-6 > 2e-8
  EXPECT_TRUE(std::isinf(bh_threshold(p, 0.01, 1e12)));
}

TEST(PairCounter, SlidingWindowPairsEachItemOncePerPairWithSmallestDt) {
  // Item 7: accounts 1, 2, 3 at 0 s, 50 s, 200 s; account 1 again at 90 s. Window 60 s.
  std::vector<Occurrence> occ = {
      {7, 1, 0, 0}, {7, 2, 50'000, 1}, {7, 3, 200'000, 2}, {7, 1, 90'000, 3}};
  ItemStats stats = item_stats(occ, 4, 60'000);
  EXPECT_EQ(stats.accounts_of_item[7], 3u);
  EXPECT_EQ(stats.occurrences, 4u);
  EXPECT_EQ(stats.window_mass[3], 0.0);  // nobody within a minute of account 3
  auto pairs = count_pairs(occ, stats, 64, {Signal::co_repost, 60'000, 1, 5}, nullptr);
  ASSERT_EQ(pairs.size(), 1u);  // (1,2): 50 s and 40 s apart; 3 is alone
  EXPECT_EQ(pairs[0].a, 1u);
  EXPECT_EQ(pairs[0].b, 2u);
  EXPECT_EQ(pairs[0].items, 1u);
  ASSERT_EQ(pairs[0].evidence.size(), 1u);
  EXPECT_EQ(pairs[0].evidence[0].dt_ms, 40'000);
}

TEST(PairCounter, TheSameItemDaysApartCountsAsTwoEpisodes) {
  // Accounts 1 and 2 use hashtag 5 together on day 1 and again on day 2.
  std::vector<Occurrence> occ = {
      {5, 1, 0, 0}, {5, 2, 10'000, 1}, {5, 1, 86'400'000, 2}, {5, 2, 86'405'000, 3}};
  ItemStats stats = item_stats(occ, 3, 60'000);
  auto pairs = count_pairs(occ, stats, 64, {Signal::co_hashtag, 60'000, 1, 5}, nullptr);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].items, 2u);
  ASSERT_EQ(pairs[0].evidence.size(), 2u);
  EXPECT_EQ(pairs[0].evidence[1].dt_ms, 5'000);
}

TEST(PairCounter, PairsBelowMinItemsAreDroppedAndPassesGiveTheSameResult) {
  std::vector<Occurrence> occ;
  // 30 items; accounts 0..9 all within a second on each; account 10 only on item 0.
  for (uint32_t i = 0; i < 30; ++i)
    for (uint32_t a = 0; a < 10; ++a)
      occ.push_back({i, a, int64_t{i} * 100'000'000 + a, i * 10 + a});
  occ.push_back({0, 10, 5, 999});
  ItemStats stats = item_stats(occ, 11, 60'000);
  ShuffleOptions one_pass{Signal::co_repost, 60'000, 2, 3};
  auto a = count_pairs(occ, stats, 64, one_pass, nullptr);
  ShuffleOptions many_passes = one_pass;
  many_passes.memory_budget = 1000;  // forces many passes
  auto b = count_pairs(occ, stats, 64, many_passes, nullptr);
  EXPECT_EQ(a.size(), 45u);  // the 10 regulars' pairs; account 10 meets each once only
  ASSERT_EQ(a.size(), b.size());
  auto key = [](const PairCount& p) { return (uint64_t{p.a} << 32) | p.b; };
  std::sort(a.begin(), a.end(), [&](auto& x, auto& y) { return key(x) < key(y); });
  std::sort(b.begin(), b.end(), [&](auto& x, auto& y) { return key(x) < key(y); });
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(key(a[i]), key(b[i]));
    EXPECT_EQ(a[i].items, 30u);
    EXPECT_EQ(b[i].items, 30u);
  }
}

TEST(PairCounter, NeighbourCapBoundsDenseItems) {
  std::vector<Occurrence> occ;
  for (uint32_t a = 0; a < 1000; ++a) occ.push_back({0, a, a, a});  // 1000 accounts in one second
  ItemStats stats = item_stats(occ, 1000, 60'000);
  uint64_t tuples = 0;
  count_pairs(occ, stats, 10, {Signal::co_repost, 60'000, 1, 1}, &tuples);
  EXPECT_LE(tuples, 1000u * 10u);
}

TEST(NearDuplicates, EditsAndAppendedTagsStaySimilarUnrelatedTextDoesNot) {
  std::string a =
      "independent observers were blocked from the count share before this gets deleted";
  std::string b =
      "independent observers were blocked from the count share before this gets deleted #truth";
  std::string c =
      "lovely weather in the park today with the kids and the dog chasing pigeons all afternoon";
  EXPECT_GT(estimate_jaccard(a, b, 1), 0.7);
  EXPECT_LT(estimate_jaccard(a, c, 1), 0.3);
  // Links are not part of the text that is compared.
  EXPECT_DOUBLE_EQ(estimate_jaccard(a + " https://t.co/x1", a + " https://t.co/y2", 1), 1.0);
}

TEST(Features, GeneratedHandles) {
  EXPECT_TRUE(looks_generated_handle("maria48213977"));
  EXPECT_TRUE(looks_generated_handle("John_Smith123456"));
  EXPECT_FALSE(looks_generated_handle("alice"));
  EXPECT_FALSE(looks_generated_handle("12345678"));
  EXPECT_FALSE(looks_generated_handle("bob2024"));
}

TEST(PairCounter, WindowEstimateIsTheQuantileOfTimeToHalfTheShares) {
  std::vector<Occurrence> occ;
  // 20 items, 6 accounts each; item i reaches half its shares (the 3rd of 6) after (i+1) * 10 s.
  for (uint32_t i = 0; i < 20; ++i)
    for (uint32_t k = 0; k < 6; ++k) occ.push_back({i, k, int64_t{k} * (i + 1) * 5'000, i * 6 + k});
  sort_by_item_and_time(occ);
  auto w = estimate_window(occ, 0.1);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(*w, 20'000);  // 10th percentile of {10 s, 20 s, ..., 200 s}, rounded down
  occ.resize(6 * 5);      // too few items to say anything
  EXPECT_FALSE(estimate_window(occ, 0.1).has_value());
}

TEST(Sync, TimeResolutionOfRoundedArchives) {
  lockstep::store::TableBuilder b;
  lockstep::store::PostRecord r;
  r.author.id = "a";
  for (int i = 0; i < 3; ++i) {
    r.post_id = std::to_string(i);
    r.ts_ms = 1'599'999'960'000 + i * 120'000;  // whole minutes
    b.add(r);
  }
  EXPECT_EQ(time_resolution_ms(b.snapshot()), 60'000);
  r.post_id = "x";
  r.ts_ms = 1'600'000'000'500;
  b.add(r);
  EXPECT_EQ(time_resolution_ms(b.snapshot()), 1);
}
