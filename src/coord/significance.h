// Is a pair's co-occurrence count more than chance would give?
//
// Null model: the bipartite configuration (Chung-Lu) model of the account-item incidences, with
// timing. An account a with d_a distinct items and an item with n_i distinct accounts meet with
// probability d_a n_i / E; two sharers of item i fall within the window with probability pi_i,
// the share of the item's own occurrence pairs that do. So two accounts share on average
//   lambda = d_a d_b S2w / E^2 items within the window,   S2w = sum_i n_i^2 pi_i.
// A viral burst (pi near 1, n large) makes S2w large, so fans who share it and little else are
// expected together; accounts that keep sharing the same things within seconds are not.
// P(X >= k) is a Poisson tail. Multiple testing counts every pair of active accounts, not only
// the pairs that co-occurred: selecting on co-occurrence and then testing it would be circular.
#pragma once

#include <cstdint>
#include <vector>

namespace lockstep::coord {

// log10 P(X >= k) for X ~ Poisson(lambda); 0 for k == 0.
double log10_poisson_tail(uint32_t k, double lambda);

// Benjamini-Hochberg: the largest log10 p threshold such that the tests at or below it keep the
// false discovery rate at `fdr`. Returns -infinity when none pass.
// `total_tests` >= log10_p.size(): the untested pairs count as tests with p = 1.
double bh_threshold(std::vector<double> log10_p, double fdr, double total_tests);

}  // namespace lockstep::coord
