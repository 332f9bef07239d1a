// Leiden communities (igraph) on the fused account network: each community is a candidate campaign.
#pragma once

#include <cstdint>
#include <vector>

#include "coord/coord.h"

namespace lockstep::coord {

// Moves the edges of connected groups with fewer than `min_size` accounts (CoordOptions::
// min_group_size says why) to `dropped`; returns how many groups went.
uint32_t drop_small_groups(std::vector<Edge>& edges, uint32_t min_size,
                           std::vector<Edge>* dropped = nullptr);

// The network stage over result.edges (and result.small_group_edges): small groups set aside,
// Leiden communities, clusters and flagged accounts (coord/network.cpp).
void build_network(CoordResult& result, const store::EventTable& t, const CoordOptions& options);

struct WeightedEdge {
  uint32_t a, b;  // dense node ids
  double weight;
};

// Membership per node (0..k-1), modularity objective at the given resolution.
std::vector<uint32_t> leiden(uint32_t n_nodes, const std::vector<WeightedEdge>& edges,
                             double resolution, uint64_t seed);

}  // namespace lockstep::coord
