// Force-directed layout of one campaign's network (igraph), for pictures in reports and the API.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace lockstep::report {

// Positions in [0, 1] x [0, 1] for nodes 0..n-1. Fruchterman-Reingold up to a few thousand
// nodes, DrL beyond (FR is quadratic per iteration). Deterministic for a given seed.
std::vector<std::pair<float, float>> layout_network(
    uint32_t n, const std::vector<std::pair<uint32_t, uint32_t>>& edges,
    const std::vector<double>& weights, uint64_t seed);

}  // namespace lockstep::report
