// Synchronised activity (Pacheco et al.'s CS5, with a sliding window instead of time bins):
// accounts whose events keep landing within seconds of each other, whatever they post.
//
// Candidates: accounts (with at least min_events events) whose sets of active moments overlap,
// found by MinHash + LSH over those sets (see sync.cpp), so the cost is near-linear in the events.
// Each candidate pair is then counted exactly: k = its coincidences, events with a partner event of
// the other account within the window. Two responses to the same parent post are not a coincidence
// here: reacting to one stimulus is what co_repost and co_reply measure, with a null that knows the
// stimulus.
// Null: both accounts post as independent Poisson processes over the span they are both active,
// modulated by their hour-of-day profiles (two day-time accounts meet more than a day and a night
// account): lambda = n_a n_b (2w / T) * 24 * sum_h p_a(h) p_b(h), with n the events inside the
// shared span T. Timestamps rounded to whole seconds or minutes (archives often are) make "within
// w" mean "within the same rounding step", so the window used is max(w, that resolution).
#pragma once

#include <vector>

#include "coord/coord.h"
#include "coord/shuffle_reduce.h"

namespace lockstep::coord {

struct SyncPairs {
  std::vector<PairCount> pairs;
  std::vector<double> expected;     // lambda per pair
  std::vector<double> consistency;  // coincidences / sqrt(n_a n_b)
  uint32_t eligible_accounts = 0;
  uint64_t occurrences = 0;
  int64_t window_ms = 0;  // the window used, after the resolution of the timestamps
};

// The coarsest of 1 ms, 1 s, 1 min that every timestamp is a multiple of.
int64_t time_resolution_ms(const store::EventTable& t);

// Pairs with fewer than min_items coincidences are dropped (they cannot be edges). In an LSH bucket
// each account is paired with at most max_neighbours others.
SyncPairs sync_pairs(const store::EventTable& t, int64_t window_ms, uint32_t max_neighbours,
                     uint32_t min_events, uint32_t min_items, uint32_t evidence_k);

}  // namespace lockstep::coord
