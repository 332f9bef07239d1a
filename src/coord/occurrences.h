// Per-signal occurrence lists: "account hit item at time, in event". The item space of each signal
// is its own (post ids for co_repost, url ids for co_link, text-cluster ids for copypasta, ...).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "coord/coord.h"

namespace lockstep::coord {

struct Occurrence {
  uint32_t item;
  uint32_t account;
  int64_t ts_ms;
  uint32_t event;
};

using OccurrenceLists = std::array<std::vector<Occurrence>, kSignals>;

// `text_item` maps each event to its near-duplicate cluster (kNone: not a copypasta candidate).
OccurrenceLists collect_occurrences(const store::EventTable& t, const CoordOptions& options,
                                    const std::vector<uint32_t>& text_item);

}  // namespace lockstep::coord
