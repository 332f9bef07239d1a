// Group bursts of near-identical text: many distinct accounts posting the same text cluster within
// one window. Pairwise repetition misses a large campaign that acts only a few times (each pair of
// its members meets once or twice), while the burst itself is glaring: a hundred accounts typing
// the same forty-odd characters within minutes. A pasted slogan spreads over days; it does not
// burst like that.
//
// Null: the item's n occurrences fall at independent uniform times over the data's span T. The
// chance that some window of length w holds m or more is at most (T / w) P(Poisson(lambda) >= m)
// (a union bound over T / w window positions, each of which overlaps two of them), with lambda the
// larger of the item's rate over the data, n w / T, and its rate in the `context` before and after
// the burst (the burst left out): a slogan that trends for a day pastes fast for hours, and a wave
// is a burst only against the text's own rhythm around it. A burst is significant below
// fdr / (items tested): Bonferroni over the items, which is conservative.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "coord/occurrences.h"

namespace lockstep::coord {

struct Burst {
  uint32_t item;
  uint32_t begin, end;  // its occurrences: [begin, end) of the (item, time)-sorted list
  uint32_t peak;        // most occurrences within one window
  uint32_t accounts;    // distinct accounts in [begin, end)
  double log10_p;
};

// The significant bursts of at least `min_accounts` distinct accounts. A burst is the union of
// overlapping windows that each hold min_accounts occurrences or more.
std::vector<Burst> find_bursts(std::span<const Occurrence> sorted, int64_t window_ms,
                               int64_t span_ms, int64_t context_ms, uint32_t min_accounts,
                               double fdr);

}  // namespace lockstep::coord
