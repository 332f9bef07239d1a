#include "claims/dense_index.h"

#include <fmt/format.h>
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/error.h"

namespace lockstep::claims {

namespace {

constexpr std::string_view kMetaMagic = "lockstep-vectors 1";
// HNSW parameters: hnswlib's defaults for M and ef_construction. ef 256 at search time: on 200,000
// random 384-d vectors a near-duplicate's own vector is found in 249 of 250 queries (ef 128: 222),
// at 3.9 ms (docs/benchmarks.md).
constexpr size_t kM = 16, kEfConstruction = 200, kEfSearch = 256;

std::filesystem::path graph_path(const std::filesystem::path& kb) {
  return kb / "vectors.hnsw";
}
std::filesystem::path meta_path(const std::filesystem::path& kb) {
  return kb / "vectors.meta";
}

struct Meta {
  size_t dim = 0, count = 0;
  uintmax_t graph_bytes = 0;
};

Meta read_meta(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string magic, w1, w2, w3;
  Meta m;
  std::getline(in, magic);
  in >> w1 >> m.dim >> w2 >> m.count >> w3 >> m.graph_bytes;
  if (!in || magic != kMetaMagic || w1 != "dim" || w2 != "count" || w3 != "bytes" || m.dim == 0 ||
      m.dim > 65536)
    throw IoError(
        fmt::format("{} is not a vectors file this version of lockstep wrote", path.string()));
  return m;
}

// The first fields hnswlib's saveIndex writes, checked before hnswlib trusts them with malloc.
struct GraphHeader {
  size_t offset_level0, max_elements, count, bytes_per_element, label_offset, data_offset;
};

}  // namespace

struct DenseIndex::Graph {
  hnswlib::InnerProductSpace space;  // must outlive the graph, which keeps pointers into it
  hnswlib::HierarchicalNSW<float> hnsw;
  Graph(size_t dim, size_t capacity) : space(dim), hnsw(&space, capacity, kM, kEfConstruction) {}
  Graph(size_t dim, const std::string& path) : space(dim), hnsw(&space, path) {}
};

void normalise(float* v, size_t dim) {
  double norm = 0;
  for (size_t i = 0; i < dim; ++i) norm += double(v[i]) * double(v[i]);
  norm = std::sqrt(norm);
  if (norm > 0)
    for (size_t i = 0; i < dim; ++i) v[i] = static_cast<float>(v[i] / norm);
}

DenseIndex::DenseIndex(size_t dim) : DenseIndex(dim, std::make_unique<Graph>(dim, 1024)) {}

DenseIndex::DenseIndex(size_t dim, std::unique_ptr<Graph> graph)
    : dim_(dim), graph_(std::move(graph)) {
  graph_->hnsw.setEf(kEfSearch);
}

DenseIndex::~DenseIndex() = default;

std::unique_ptr<DenseIndex> DenseIndex::open(const std::filesystem::path& kb) {
  bool has_meta = std::filesystem::exists(meta_path(kb));
  bool has_graph = std::filesystem::exists(graph_path(kb));
  if (!has_meta && !has_graph) return nullptr;
  std::string damaged = fmt::format(
      "the KB's vectors ({}, {}) are damaged or from an interrupted run; index the vectors "
      "again with `lockstep claims index --out {} --vectors FILE --vector-ids IDS`",
      graph_path(kb).string(), meta_path(kb).string(), kb.string());
  if (!has_meta || !has_graph) throw IoError(damaged);
  Meta meta = read_meta(meta_path(kb));
  std::error_code ec;
  uintmax_t bytes = std::filesystem::file_size(graph_path(kb), ec);
  GraphHeader h{};
  std::ifstream in(graph_path(kb), std::ios::binary);
  in.read(reinterpret_cast<char*>(&h), sizeof h);
  if (ec || bytes != meta.graph_bytes || !in || h.count != meta.count ||
      h.label_offset < h.data_offset ||
      h.label_offset - h.data_offset != meta.dim * sizeof(float) || h.max_elements < h.count ||
      h.max_elements > 2 * h.count + 4096 || h.bytes_per_element > (size_t{1} << 20))
    throw IoError(damaged);
  in.close();
  try {
    return std::unique_ptr<DenseIndex>(
        new DenseIndex(meta.dim, std::make_unique<Graph>(meta.dim, graph_path(kb).string())));
  } catch (const std::runtime_error& e) {  // hnswlib reports corrupt files so
    throw IoError(fmt::format("{} ({})", damaged, e.what()));
  }
}

size_t DenseIndex::size() const {
  return graph_->hnsw.cur_element_count;
}

bool DenseIndex::upsert(uint64_t label, const float* v) {
  std::vector<float> unit(v, v + dim_);
  normalise(unit.data(), dim_);
  auto& g = graph_->hnsw;
  bool replaced = g.label_lookup_.count(label) > 0;
  // Grow by doubling: resizeIndex copies the graph, so one record at a time would be quadratic.
  if (!replaced && g.cur_element_count == g.max_elements_)
    g.resizeIndex(std::max<size_t>(1024, 2 * g.max_elements_));
  g.addPoint(unit.data(), label);  // an existing label is updated in place
  return replaced;
}

void DenseIndex::save(const std::filesystem::path& kb) const {
  auto tmp_graph = graph_path(kb).string() + ".tmp";
  auto tmp_meta = meta_path(kb).string() + ".tmp";
  graph_->hnsw.saveIndex(tmp_graph);
  std::error_code ec;
  uintmax_t bytes = std::filesystem::file_size(tmp_graph, ec);
  if (ec) throw IoError(fmt::format("cannot write {}: {}", tmp_graph, ec.message()));
  {
    std::ofstream out(tmp_meta, std::ios::trunc);
    out << kMetaMagic << "\ndim " << dim_ << "\ncount " << size() << "\nbytes " << bytes << '\n';
    out.close();
    if (!out) throw IoError(fmt::format("cannot write {}", tmp_meta));
  }
  // The graph first: a crash between the renames leaves a size mismatch that open() reports.
  std::filesystem::rename(tmp_graph, graph_path(kb), ec);
  if (!ec) std::filesystem::rename(tmp_meta, meta_path(kb), ec);
  if (ec)
    throw IoError(
        fmt::format("cannot write the KB's vectors in {}: {}", kb.string(), ec.message()));
}

std::vector<DenseIndex::Hit> DenseIndex::search(const float* unit_query, size_t k) const {
  std::vector<Hit> out;
  if (size() == 0 || k == 0) return out;
  auto found = graph_->hnsw.searchKnn(unit_query, k);  // farthest on top
  while (!found.empty()) {
    out.push_back({found.top().second, 1.0f - found.top().first});
    found.pop();
  }
  std::reverse(out.begin(), out.end());
  return out;
}

void DenseIndex::set_search_breadth(size_t ef) {
  graph_->hnsw.setEf(ef);
}

std::optional<float> DenseIndex::cosine(uint64_t label, const float* unit_query) const {
  const auto& g = graph_->hnsw;
  auto it = g.label_lookup_.find(label);
  if (it == g.label_lookup_.end() || g.isMarkedDeleted(it->second)) return std::nullopt;
  const float* v = reinterpret_cast<const float*>(g.getDataByInternalId(it->second));
  double dot = 0;
  for (size_t i = 0; i < dim_; ++i) dot += double(v[i]) * double(unit_query[i]);
  return static_cast<float>(dot);
}

}  // namespace lockstep::claims
