// Is a pair's co-occurrence count more than chance would give?
//
// Null model: the bipartite configuration (Chung-Lu) model of account-item incidences, with
// timing, conditioned on each account's own items. Account b (d_b distinct items, E incidences in
// all) shares a given item with probability d_b / E per other sharer, and two sharers of item i
// fall within the window with probability pi_i, the share of i's own occurrence pairs that do.
// So b is expected to co-share, within the window, lambda(b|a) = d_b * sum_{i in a} (n_i-1) pi_i /
// E of a's items; we take lambda = max(lambda(b|a), lambda(a|b)), the more forgiving of the two.
// Conditioning on a's items matters: fans who share only viral bursts (large n, pi near 1) are
// expected to meet in them; accounts that keep meeting on items few others share are not.
// P(X >= k) is a Poisson tail. Multiple testing counts every pair of active accounts, not only
// the pairs that co-occurred: selecting on co-occurrence and then testing it would be circular.
#pragma once

#include <cstdint>
#include <vector>

#include "base/poisson.h"

namespace lockstep::coord {

using lockstep::log10_poisson_tail;  // base/poisson.h

// Benjamini-Hochberg: the largest log10 p threshold such that the tests at or below it keep the
// false discovery rate at `fdr`. Returns -infinity when none pass.
// `total_tests` >= log10_p.size(): the untested pairs count as tests with p = 1.
double bh_threshold(std::vector<double> log10_p, double fdr, double total_tests);

}  // namespace lockstep::coord
