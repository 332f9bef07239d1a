#include "report/layout.h"

#include <igraph/igraph.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace lockstep::report {

namespace {

void check(igraph_error_t rc, const char* what) {
  if (rc != IGRAPH_SUCCESS) throw std::runtime_error(std::string("igraph: ") + what + " failed");
}

// RAII holders for igraph's C structs.
struct Graph {
  igraph_t g;
  explicit Graph(const igraph_vector_int_t* ends, igraph_integer_t n) {
    check(igraph_create(&g, ends, n, IGRAPH_UNDIRECTED), "create");
  }
  ~Graph() { igraph_destroy(&g); }
};
struct IntVector {
  igraph_vector_int_t v;
  explicit IntVector(igraph_integer_t n) { igraph_vector_int_init(&v, n); }
  ~IntVector() { igraph_vector_int_destroy(&v); }
};
struct RealVector {
  igraph_vector_t v;
  explicit RealVector(igraph_integer_t n) { igraph_vector_init(&v, n); }
  ~RealVector() { igraph_vector_destroy(&v); }
};
struct Matrix {
  igraph_matrix_t m;
  Matrix() { igraph_matrix_init(&m, 0, 0); }
  ~Matrix() { igraph_matrix_destroy(&m); }
};

constexpr uint32_t kDrlAbove = 3000;
// igraph's default is 500; 150 already settles campaigns of a few hundred accounts, and a run with
// hundreds of campaigns lays them all out (the API serves every one).
constexpr igraph_integer_t kIterations = 150;

}  // namespace

std::vector<std::pair<float, float>> layout_network(
    uint32_t n, const std::vector<std::pair<uint32_t, uint32_t>>& edges,
    const std::vector<double>& weights, uint64_t seed) {
  std::vector<std::pair<float, float>> out(n, {0.5f, 0.5f});
  if (n <= 1) return out;
  igraph_rng_seed(igraph_rng_default(), static_cast<igraph_uint_t>(seed));
  IntVector ends(static_cast<igraph_integer_t>(edges.size() * 2));
  RealVector w(static_cast<igraph_integer_t>(edges.size()));
  for (size_t i = 0; i < edges.size(); ++i) {
    VECTOR(ends.v)[2 * i] = edges[i].first;
    VECTOR(ends.v)[2 * i + 1] = edges[i].second;
    VECTOR(w.v)[i] = std::max(weights[i], 1e-6);  // both layouts want positive weights
  }
  Graph graph(&ends.v, n);
  Matrix pos;
  if (n <= kDrlAbove) {
    // Unweighted: the fused weights span orders of magnitude, and a member held by one weak
    // edge would drift off and squeeze everyone else into a corner of the picture.
    check(igraph_layout_fruchterman_reingold(&graph.g, &pos.m, false, kIterations,
                                             std::sqrt(double(n)), IGRAPH_LAYOUT_AUTOGRID, nullptr,
                                             nullptr, nullptr, nullptr, nullptr),
          "Fruchterman-Reingold layout");
  } else {
    igraph_layout_drl_options_t options;
    check(igraph_layout_drl_options_init(&options, IGRAPH_LAYOUT_DRL_DEFAULT), "DrL options");
    check(igraph_layout_drl(&graph.g, &pos.m, false, &options, &w.v), "DrL layout");
  }
  // Scale to the 1st..99th percentiles and clamp the rest to the border: separate components
  // and stragglers must not shrink the picture of everyone else.
  auto bounds = [&](int col) {
    std::vector<double> v(n);
    for (uint32_t i = 0; i < n; ++i) v[i] = MATRIX(pos.m, i, col);
    std::sort(v.begin(), v.end());
    size_t lo = n >= 100 ? n / 100 : 0;
    return std::pair{v[lo], v[n - 1 - lo]};
  };
  auto [min_x, max_x] = bounds(0);
  auto [min_y, max_y] = bounds(1);
  // One scale for both axes keeps the picture's proportions.
  double span = std::max({max_x - min_x, max_y - min_y, 1e-9});
  double off_x = (span - (max_x - min_x)) / 2, off_y = (span - (max_y - min_y)) / 2;
  for (uint32_t i = 0; i < n; ++i)
    out[i] = {
        static_cast<float>(std::clamp((MATRIX(pos.m, i, 0) - min_x + off_x) / span, 0.0, 1.0)),
        static_cast<float>(std::clamp((MATRIX(pos.m, i, 1) - min_y + off_y) / span, 0.0, 1.0))};
  return out;
}

}  // namespace lockstep::report
