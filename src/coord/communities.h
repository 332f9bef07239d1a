// Leiden communities (igraph) on the fused account network: each community is a candidate campaign.
#pragma once

#include <cstdint>
#include <vector>

namespace lockstep::coord {

struct WeightedEdge {
  uint32_t a, b;  // dense node ids
  double weight;
};

// Membership per node (0..k-1), modularity objective at the given resolution.
std::vector<uint32_t> leiden(uint32_t n_nodes, const std::vector<WeightedEdge>& edges,
                             double resolution, uint64_t seed);

}  // namespace lockstep::coord
