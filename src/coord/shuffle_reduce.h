// The shuffle and reduce of pair counting, shared by every signal: tuples (pair, item, time, dt,
// events) from a signal's map step are hash-partitioned by pair and folded into per-pair episode
// counts, in as many passes as a memory budget needs. A template because each signal's map step is
// a different loop; see pair_counter.cpp and sync.cpp for the two kinds.
#pragma once

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "base/hash.h"
#include "coord/coord.h"

namespace lockstep::coord {

struct PairCount {
  uint32_t a, b;  // accounts, a < b
  uint32_t items =
      0;  // co-occurrence episodes: same item, moments more than a window apart count apart
  double weight = 0;
  // Distinct strata of the episodes' items, for signals whose items have one (co_reply: the author
  // replied to; coord/audience.h); 0 for the others.
  uint32_t strata = 0;
  std::vector<Evidence> evidence;  // smallest-dt co-occurrence of up to k episodes
};

// The stratum of an item, or kNoStratum: signals without strata use NoStrata.
inline constexpr uint32_t kNoStratum = UINT32_MAX;
struct NoStrata {
  uint32_t operator()(uint32_t) const { return kNoStratum; }
};

// One co-occurrence as the map step emits it.
struct PairTuple {
  uint64_t pair;  // a << 32 | b, a < b
  uint32_t item;
  uint32_t event_a, event_b;
  int64_t ts_ms;  // time of the earlier occurrence
  int64_t dt_ms;
};

struct ShuffleOptions {
  Signal signal;
  int64_t window_ms;   // episodes on one item are split by gaps longer than this
  uint32_t min_items;  // pairs with fewer episodes cannot be edges and are dropped in the reduce
  uint32_t evidence_k;
  size_t memory_budget = size_t{1} << 29;  // bytes of tuples held at once; more means more passes
};

namespace detail {
inline constexpr size_t kPartitions = 64;

// Folds one partition's tuples, sorted by (pair, item, time), into pairs with at least min_items
// episodes.
template <class Weight, class Stratum>
void reduce_partition(std::vector<PairTuple>& tuples, Weight& weight_of, Stratum& stratum_of,
                      const ShuffleOptions& o, std::vector<PairCount>& out) {
  std::vector<uint32_t> strata;
  std::sort(tuples.begin(), tuples.end(), [](const PairTuple& x, const PairTuple& y) {
    if (x.pair != y.pair) return x.pair < y.pair;
    if (x.item != y.item) return x.item < y.item;
    return x.ts_ms < y.ts_ms;
  });
  for (size_t i = 0; i < tuples.size();) {
    PairCount pc;
    pc.a = static_cast<uint32_t>(tuples[i].pair >> 32);
    pc.b = static_cast<uint32_t>(tuples[i].pair);
    size_t j = i;
    // Count episodes first; evidence only for pairs that are kept.
    size_t end = i;
    while (end < tuples.size() && tuples[end].pair == tuples[i].pair) ++end;
    uint32_t episodes = 0;
    for (size_t k = i; k < end;) {
      int64_t last = tuples[k].ts_ms;
      size_t m = k + 1;
      while (m < end && tuples[m].item == tuples[k].item && tuples[m].ts_ms - last <= o.window_ms)
        last = tuples[m++].ts_ms;
      ++episodes;
      k = m;
    }
    if (episodes >= o.min_items) {
      strata.clear();
      while (j < end) {
        // One episode: co-occurrences on this item until a gap longer than the window. A campaign
        // that reuses one hashtag or target across days counts once per day it acts, not once.
        size_t best = j;
        int64_t last = tuples[j].ts_ms;
        size_t k = j + 1;
        while (k < end && tuples[k].item == tuples[j].item &&
               tuples[k].ts_ms - last <= o.window_ms) {
          if (tuples[k].dt_ms < tuples[best].dt_ms) best = k;
          last = tuples[k].ts_ms;
          ++k;
        }
        const PairTuple& ep = tuples[best];
        ++pc.items;
        pc.weight += weight_of(ep.item);
        if (uint32_t s = stratum_of(ep.item); s != kNoStratum) strata.push_back(s);
        if (pc.evidence.size() < o.evidence_k)
          pc.evidence.push_back({o.signal, ep.item, ep.event_a, ep.event_b, ep.dt_ms});
        j = k;
      }
      std::sort(strata.begin(), strata.end());
      pc.strata = static_cast<uint32_t>(std::unique(strata.begin(), strata.end()) - strata.begin());
      out.push_back(std::move(pc));
    }
    i = end;
  }
  std::vector<PairTuple>().swap(tuples);
}
}  // namespace detail

// Runs `map(emit)` once to count tuples, then as many times as the budget needs, each pass keeping
// only the tuples of some hash partitions and reducing them: memory stays bounded by the budget
// whatever the data. `map` must emit the same tuples every time it runs. `weight_of(item)` gives
// an episode's weight, `stratum_of(item)` its stratum (NoStrata: none).
template <class Map, class Weight, class Stratum = NoStrata>
std::vector<PairCount> shuffle_reduce(Map&& map, Weight&& weight_of, const ShuffleOptions& o,
                                      uint64_t* emitted, Stratum stratum_of = {}) {
  using detail::kPartitions;
  uint64_t total = 0;
  map([&](const PairTuple&) { ++total; });
  if (emitted != nullptr) *emitted = total;
  size_t passes = std::clamp<size_t>(
      total * sizeof(PairTuple) / std::max<size_t>(o.memory_budget, 1) + 1, 1, kPartitions);
  std::vector<std::vector<PairCount>> reduced(kPartitions);
  for (size_t pass = 0; pass < passes; ++pass) {
    std::vector<std::vector<PairTuple>> parts(kPartitions);
    map([&](const PairTuple& t) {
      size_t p = hash_u64(t.pair) % kPartitions;
      if (p % passes == pass) parts[p].push_back(t);
    });
    tbb::parallel_for(size_t{0}, kPartitions, [&](size_t p) {
      if (p % passes == pass)
        detail::reduce_partition(parts[p], weight_of, stratum_of, o, reduced[p]);
    });
  }
  std::vector<PairCount> all;
  size_t n = 0;
  for (const auto& r : reduced) n += r.size();
  all.reserve(n);
  for (auto& r : reduced)
    for (auto& pc : r) all.push_back(std::move(pc));
  return all;
}

}  // namespace lockstep::coord
