// Windowed pair counting for one signal, written as partition -> shuffle -> reduce so that the
// same steps can run across machines:
//   map      per item (occurrences sorted by time), emit (pair, item, dt, events) for accounts
//            whose occurrences lie within the window; each occurrence pairs with at most
//            max_neighbours later ones, which bounds a viral item's cost to O(n * max_neighbours)
//   shuffle  tuples go to the partition of hash(pair)
//   reduce   per partition, sort by pair and fold: distinct items, idf weight, evidence samples
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "coord/coord.h"
#include "coord/occurrences.h"
#include "coord/shuffle_reduce.h"

namespace lockstep::coord {

struct ItemStats {
  std::vector<uint32_t> accounts_of_item;  // distinct accounts per item
  std::vector<uint32_t> occurrences_of_account;
  std::vector<double> idf;  // per item: log(active accounts / accounts of item)
  uint64_t occurrences = 0;
  // Per account a: sum over its occurrences o of c_o, the other occurrences of the same item within
  // the window of o. If accounts' occurrences were placed at random (a configuration model on
  // occurrences), b would meet a's occurrences o_b * window_mass[a] / occurrences times by chance.
  std::vector<double> window_mass;
  uint32_t active_accounts = 0;
  uint64_t items = 0;  // items with at least one account
};

void sort_by_item_and_time(std::vector<Occurrence>& occ);

// CooRnet's coordination interval: the `quantile` of the time items (with 5+ accounts) take to
// reach half of their occurrences. nullopt when fewer than 10 items qualify.
std::optional<int64_t> estimate_window(const std::vector<Occurrence>& sorted, double quantile);

// Sorts `occ` by (item, time) as a side effect.
ItemStats item_stats(std::vector<Occurrence>& occ, size_t n_accounts, int64_t window_ms);

// `stratum_of_item`, when given, fills each pair's distinct strata (PairCount::strata).
std::vector<PairCount> count_pairs(const std::vector<Occurrence>& occ_sorted,
                                   const ItemStats& stats, uint32_t max_neighbours,
                                   const ShuffleOptions& o, uint64_t* candidate_tuples,
                                   const std::vector<uint32_t>* stratum_of_item = nullptr);

}  // namespace lockstep::coord
