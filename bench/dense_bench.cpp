// The dense side of claim matching at scale: N random unit vectors of dimension D in the KB's
// HNSW index (claims::DenseIndex, as `claims index --vectors` builds it), then build speed, file
// size, memory per vector, query latency for the 50 nearest (what `match` asks for) and recall
// against exact search.
//
//   ./build/release/bench/dense_bench [N=200000] [D=384] [QUERIES=500] [WORK_DIR] [EF=256]
//
// Random vectors have no structure, the hard case for a graph index; half the queries are random,
// half a stored vector plus noise (a near-paraphrase), and recall is reported for each, with how
// often the near-paraphrase's own vector is found. With WORK_DIR, an index already there (from
// the same N, D: the vectors are seeded) is reused and only opening and queries are measured.
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "claims/dense_index.h"

namespace fs = std::filesystem;
using lockstep::claims::DenseIndex;

namespace {

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

long status_kb(const char* key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key, 0) == 0) return std::stol(line.substr(std::strlen(key)));
  return 0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::stoul(argv[1]) : 200000;
  size_t dim = argc > 2 ? std::stoul(argv[2]) : 384;
  size_t queries = argc > 3 ? std::stoul(argv[3]) : 500;
  fs::path work = argc > 4 ? fs::path(argv[4]) : fs::temp_directory_path() / "lockstep-dense-bench";
  fs::create_directories(work);
  constexpr size_t k = 50;

  std::mt19937_64 rng(42);
  std::normal_distribution<float> normal;
  std::vector<float> data(n * dim);
  for (float& x : data) x = normal(rng);
  for (size_t i = 0; i < n; ++i) lockstep::claims::normalise(data.data() + i * dim, dim);

  long rss_before = status_kb("VmRSS:"), rss_built = 0;
  auto t0 = std::chrono::steady_clock::now();
  double cpu0 = thread_cpu_ms();
  bool reuse = argc > 4 && fs::exists(work / "vectors.hnsw");
  if (!reuse) {
    DenseIndex index(dim);
    for (size_t i = 0; i < n; ++i) index.upsert(i + 1, data.data() + i * dim);
    index.save(work);
    rss_built = status_kb("VmRSS:");
  }
  double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double build_cpu_s = (thread_cpu_ms() - cpu0) / 1e3;
  uintmax_t file = fs::file_size(work / "vectors.hnsw");

  long rss_open0 = status_kb("VmRSS:");
  auto index = DenseIndex::open(work);
  size_t ef = argc > 5 ? std::stoul(argv[5]) : 256;
  index->set_search_breadth(ef);
  long rss_open = status_kb("VmRSS:") - rss_open0;

  std::vector<double> wall_ms, cpu_ms;
  double recall_random = 0, recall_near = 0;
  size_t own_found = 0, own_first = 0;
  std::uniform_int_distribution<size_t> pick(0, n - 1);
  for (size_t q = 0; q < queries; ++q) {
    std::vector<float> v(dim);
    bool near = q % 2 == 1;
    size_t base = pick(rng);
    for (size_t d = 0; d < dim; ++d) v[d] = normal(rng) * (near ? 0.3f : 1.0f);
    if (near)
      for (size_t d = 0; d < dim; ++d) v[d] += data[base * dim + d] * std::sqrt(float(dim));
    lockstep::claims::normalise(v.data(), dim);
    auto w0 = std::chrono::steady_clock::now();
    double c0 = thread_cpu_ms();
    auto hits = index->search(v.data(), k);
    cpu_ms.push_back(thread_cpu_ms() - c0);
    wall_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count());
    // Exact top k by brute force.
    std::vector<std::pair<float, size_t>> exact(n);
    for (size_t i = 0; i < n; ++i) {
      float dot = 0;
      for (size_t d = 0; d < dim; ++d) dot += data[i * dim + d] * v[d];
      exact[i] = {-dot, i + 1};
    }
    std::partial_sort(exact.begin(), exact.begin() + k, exact.end());
    size_t found = 0;
    for (const auto& h : hits)
      for (size_t i = 0; i < k; ++i) found += exact[i].second == h.label ? 1 : 0;
    (near ? recall_near : recall_random) += double(found) / double(k);
    for (size_t i = 0; near && i < hits.size(); ++i)
      if (hits[i].label == base + 1) ++own_found, own_first += i == 0 ? 1 : 0;
  }
  size_t half = queries / 2;
  fmt::print("{} vectors of dimension {} (M 16, ef_construction 200, ef {})\n", n, dim, ef);
  if (!reuse)
    fmt::print(
        "build: {:.1f} s wall, {:.1f} s CPU, {:.0f} vectors/s (CPU); RSS +{} MiB while "
        "building\n",
        build_s, build_cpu_s, double(n) / build_cpu_s, (rss_built - rss_before) / 1024);
  fmt::print("vectors.hnsw: {:.1f} MiB = {:.0f} bytes per vector (raw float32: {} bytes)\n",
             double(file) / 1048576, double(file) / double(n), dim * 4);
  fmt::print("opened: RSS +{:.1f} MiB = {:.0f} bytes per vector\n", double(rss_open) / 1024,
             double(rss_open) * 1024 / double(n));
  fmt::print(
      "query (top {}), {} queries: wall median {:.3f} ms p90 {:.3f} ms; CPU median {:.3f} "
      "ms p90 {:.3f} ms\n",
      k, queries, percentile(wall_ms, 0.5), percentile(wall_ms, 0.9), percentile(cpu_ms, 0.5),
      percentile(cpu_ms, 0.9));
  fmt::print("recall@{} vs exact: random queries {:.3f}, near-duplicate queries {:.3f}\n", k,
             recall_random / double(queries - half), recall_near / double(half));
  fmt::print("near-duplicate queries: own vector in the top {} {}/{}, first {}/{}\n", k, own_found,
             half, own_first, half);
  if (argc <= 4) fs::remove_all(work);
  return 0;
}
