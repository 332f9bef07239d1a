// The KB's optional dense side: user-supplied record vectors in an hnswlib HNSW graph, searched by
// cosine similarity (vectors are L2-normalised on the way in, the graph uses inner product).
// Labels are Xapian document ids, which a replaced record keeps, so a new vector for a record
// overwrites its old one in place. Files: KB/vectors.hnsw (hnswlib's own format) and
// KB/vectors.meta ("lockstep-vectors 1", the dimension, the count and the .hnsw size, which tells
// a half-written pair apart from a whole one).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace lockstep::claims {

// Scales v to unit length (callers have rejected all-zero vectors).
void normalise(float* v, size_t dim);

class DenseIndex {
 public:
  // nullptr when the KB holds no vectors; IoError for damaged or inconsistent files.
  static std::unique_ptr<DenseIndex> open(const std::filesystem::path& kb);
  explicit DenseIndex(size_t dim);
  ~DenseIndex();
  DenseIndex(const DenseIndex&) = delete;
  DenseIndex& operator=(const DenseIndex&) = delete;

  size_t dim() const { return dim_; }
  size_t size() const;
  // Adds or replaces the vector of `label` (normalised here); true when it replaced one.
  bool upsert(uint64_t label, const float* v);
  // Writes both files next to each other, each through a temporary name and a rename.
  void save(const std::filesystem::path& kb) const;

  struct Hit {
    uint64_t label;
    float cosine;
  };
  // The k nearest by cosine (approximate), best first. `unit_query` has length 1.
  std::vector<Hit> search(const float* unit_query, size_t k) const;
  // Candidates the graph search keeps (hnswlib's ef; default 256): recall against time.
  void set_search_breadth(size_t ef);
  // The exact cosine with a stored vector, nullopt when `label` has none.
  std::optional<float> cosine(uint64_t label, const float* unit_query) const;

 private:
  struct Graph;
  DenseIndex(size_t dim, std::unique_ptr<Graph> graph);
  size_t dim_;
  std::unique_ptr<Graph> graph_;
};

}  // namespace lockstep::claims
