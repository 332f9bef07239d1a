// Embedding vectors computed elsewhere (a sentence encoder, LSA, ...) for records or posts:
// NumPy .npy (format 1.0/2.0/3.0, little-endian float32 or float64, C order, 2-D) and .fvecs
// (each row: int32 dimension, then that many float32), told apart by the .npy magic. Row ids come
// from a sidecar with one id per line, in row order. Every reader throws UsageError naming the
// file for anything it cannot use; none trusts a size before checking it against the bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lockstep::claims {

struct VectorFile {
  size_t rows = 0, dim = 0;
  std::vector<float> data;  // rows * dim, row-major; finite, no all-zero row
  const float* row(size_t i) const { return data.data() + i * dim; }
};

inline constexpr size_t kMaxVectorDim = 65536;

// `bytes` is the whole (decompressed) file; `name` is what error messages call it.
VectorFile parse_npy(std::string_view bytes, std::string_view name);
VectorFile parse_fvecs(std::string_view bytes, std::string_view name);
VectorFile parse_vectors(std::string_view bytes, std::string_view name);  // either, by content

// A file (gzip/zstd transparent, "-" for standard input).
VectorFile read_vectors(const std::string& path);
// One id per line (a trailing "\r" dropped); exactly `rows` non-empty, distinct ids.
std::vector<std::string> read_vector_ids(const std::string& path, size_t rows);

// A vectors file with its ids sidecar (records' ids for `index`, posts' ids for `match`).
struct IdVectors {
  std::string source;            // the vectors file, for messages
  std::vector<std::string> ids;  // row i's id
  VectorFile vectors;
  std::unordered_map<std::string, size_t> row_of;
  const float* find(const std::string& id) const {
    auto it = row_of.find(id);
    return it == row_of.end() ? nullptr : vectors.row(it->second);
  }
};
IdVectors read_id_vectors(const std::string& vectors_path, const std::string& ids_path);

}  // namespace lockstep::claims
