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

namespace lockstep::coord {

struct PairCount {
  uint32_t a, b;  // accounts, a < b
  uint32_t items = 0;
  double weight = 0;
  std::vector<Evidence> evidence;  // smallest-dt co-occurrence of up to k items
};

struct ItemStats {
  std::vector<uint32_t> accounts_of_item;  // distinct accounts per item
  std::vector<uint32_t> items_of_account;  // distinct items per account
  std::vector<double> idf;                 // per item: log(active accounts / accounts of item)
  uint64_t incidences = 0;                 // distinct (account, item) pairs
  // Per account a: sum over its distinct items of (n_i - 1) * pi_i, where pi_i is the share of
  // item i's occurrence pairs that lie within the window. With E incidences, another account b
  // co-shares d_b * window_mass[a] / E of a's items within the window by chance.
  std::vector<double> window_mass;
  uint32_t active_accounts = 0;
  uint64_t items = 0;                      // items with at least one account
};

void sort_by_item_and_time(std::vector<Occurrence>& occ);

// CooRnet's coordination interval: the `quantile` of the time items (with 5+ accounts) take to
// reach half of their occurrences. nullopt when fewer than 10 items qualify.
std::optional<int64_t> estimate_window(const std::vector<Occurrence>& sorted, double quantile);

// Sorts `occ` by (item, time) as a side effect.
ItemStats item_stats(std::vector<Occurrence>& occ, size_t n_accounts, int64_t window_ms);

std::vector<PairCount> count_pairs(const std::vector<Occurrence>& occ_sorted, const ItemStats& stats, Signal signal,
                                   int64_t window_ms, uint32_t max_neighbours, uint32_t evidence_k,
                                   uint64_t* candidate_tuples);

}  // namespace lockstep::coord
