#include "coord/communities.h"

#include <igraph/igraph.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "base/union_find.h"

namespace lockstep::coord {

namespace {

void check(igraph_error_t rc, const char* what) {
  if (rc != IGRAPH_SUCCESS) throw std::runtime_error(std::string("igraph: ") + what + " failed");
}

// RAII holders for igraph's C structs.
struct Graph {
  igraph_t g;
  Graph() { igraph_empty(&g, 0, IGRAPH_UNDIRECTED); }
  ~Graph() { igraph_destroy(&g); }
};
struct RealVector {
  igraph_vector_t v;
  explicit RealVector(igraph_integer_t n) { igraph_vector_init(&v, n); }
  ~RealVector() { igraph_vector_destroy(&v); }
};
struct IntVector {
  igraph_vector_int_t v;
  explicit IntVector(igraph_integer_t n) { igraph_vector_int_init(&v, n); }
  ~IntVector() { igraph_vector_int_destroy(&v); }
};

}  // namespace

std::vector<uint32_t> leiden(uint32_t n_nodes, const std::vector<WeightedEdge>& edges,
                             double resolution, uint64_t seed) {
  std::vector<uint32_t> membership(n_nodes, 0);
  if (n_nodes == 0) return membership;
  igraph_rng_seed(igraph_rng_default(), static_cast<igraph_uint_t>(seed));
  IntVector ends(static_cast<igraph_integer_t>(edges.size() * 2));
  RealVector weights(static_cast<igraph_integer_t>(edges.size()));
  RealVector strength(n_nodes);
  double total = 0;
  for (size_t i = 0; i < edges.size(); ++i) {
    VECTOR(ends.v)[2 * i] = edges[i].a;
    VECTOR(ends.v)[2 * i + 1] = edges[i].b;
    VECTOR(weights.v)[i] = edges[i].weight;
    VECTOR(strength.v)[edges[i].a] += edges[i].weight;
    VECTOR(strength.v)[edges[i].b] += edges[i].weight;
    total += edges[i].weight;
  }
  Graph graph;
  igraph_destroy(&graph.g);
  check(igraph_create(&graph.g, &ends.v, n_nodes, IGRAPH_UNDIRECTED), "create");
  IntVector member(n_nodes);
  igraph_integer_t clusters = 0;
  igraph_real_t quality = 0;
  // Node weights = strengths and resolution / 2m turn Leiden's CPM objective into modularity.
  double gamma = total > 0 ? resolution / (2.0 * total) : resolution;
  check(igraph_community_leiden(&graph.g, &weights.v, &strength.v, gamma, 0.01, false, -1,
                                &member.v, &clusters, &quality),
        "Leiden");
  for (uint32_t i = 0; i < n_nodes; ++i) membership[i] = static_cast<uint32_t>(VECTOR(member.v)[i]);
  return membership;
}

uint32_t drop_small_groups(std::vector<Edge>& edges, uint32_t min_size,
                           std::vector<Edge>* dropped_edges) {
  if (min_size <= 2) return 0;  // every edge joins two accounts
  std::unordered_map<uint32_t, uint32_t> node_of;
  auto node = [&](uint32_t account) {
    return node_of.emplace(account, static_cast<uint32_t>(node_of.size())).first->second;
  };
  for (const auto& e : edges) {
    node(e.a);
    node(e.b);
  }
  UnionFind groups(node_of.size());
  for (const auto& e : edges) groups.unite(node_of[e.a], node_of[e.b]);
  std::vector<uint32_t> size(node_of.size(), 0);
  for (uint32_t v = 0; v < size.size(); ++v) ++size[groups.find(v)];
  uint32_t dropped = 0;
  for (uint32_t v = 0; v < size.size(); ++v) dropped += size[v] > 0 && size[v] < min_size;
  auto small = std::stable_partition(edges.begin(), edges.end(), [&](const Edge& e) {
    return size[groups.find(node_of[e.a])] >= min_size;
  });
  if (dropped_edges != nullptr)
    dropped_edges->insert(dropped_edges->end(), std::make_move_iterator(small),
                          std::make_move_iterator(edges.end()));
  edges.erase(small, edges.end());
  return dropped;
}

}  // namespace lockstep::coord
