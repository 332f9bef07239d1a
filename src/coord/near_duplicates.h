// Near-duplicate text ("copypasta") in near-linear time: one-permutation MinHash over character
// 5-grams of each distinct normalised text, LSH banding to find candidates, union-find to group.
// Texts are first deduplicated by their match key (NFKC + casefold + confusables skeleton), so
// homoglyph swaps and case games already meet before any hashing. At jaccard 1 only identical
// texts (links aside) are grouped, by hashing: exact co-text.
#pragma once

#include <cstdint>
#include <vector>

#include "store/event_table.h"

namespace lockstep::coord {

struct TextClusters {
  std::vector<uint32_t> item_of_event;  // cluster id per event, store::kNone when not eligible
  std::vector<uint32_t> exemplar_text;  // a text id per cluster, for labels
  uint32_t multi_text_clusters = 0;     // clusters joining 2+ distinct texts
};

TextClusters cluster_near_duplicates(const store::EventTable& t, double jaccard,
                                     uint32_t min_letters, uint64_t seed);

// Estimated Jaccard similarity of two texts' 5-gram sets (exposed for tests).
double estimate_jaccard(std::string_view a, std::string_view b, uint64_t seed);

}  // namespace lockstep::coord
