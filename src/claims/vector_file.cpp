#include "claims/vector_file.h"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <unordered_set>

#include "base/error.h"
#include "ingest/input_file.h"

namespace lockstep::claims {

static_assert(std::endian::native == std::endian::little, "the readers copy little-endian bytes");

namespace {

constexpr std::string_view kNpyMagic = "\x93NUMPY";

[[noreturn]] void fail(std::string_view name, std::string_view what) {
  throw UsageError(fmt::format("{}: {}", name, what));
}

template <typename T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// The header of a .npy file is a Python dict literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (1000, 384), }: a tiny parser for just that.
class HeaderParser {
 public:
  explicit HeaderParser(std::string_view s) : s_(s) {}

  struct Header {
    std::optional<std::string> descr;
    std::optional<bool> fortran;
    std::optional<std::vector<uint64_t>> shape;
  };

  // nullopt when the text is not such a dict.
  std::optional<Header> parse() {
    Header h;
    if (!eat('{')) return std::nullopt;
    while (!eat('}')) {
      std::optional<std::string> key = string();
      if (!key || !eat(':')) return std::nullopt;
      if (*key == "descr") {
        if (!(h.descr = string())) return std::nullopt;
      } else if (*key == "fortran_order") {
        if (word("True"))
          h.fortran = true;
        else if (word("False"))
          h.fortran = false;
        else
          return std::nullopt;
      } else if (*key == "shape") {
        if (!(h.shape = tuple())) return std::nullopt;
      } else {
        return std::nullopt;  // numpy writes no other keys
      }
      if (!eat(',')) {
        if (!eat('}')) return std::nullopt;
        break;
      }
    }
    skip_space();
    return pos_ == s_.size() ? std::optional<Header>(h) : std::nullopt;
  }

 private:
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t')) ++pos_;
  }
  bool eat(char c) {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == c) return ++pos_, true;
    return false;
  }
  bool word(std::string_view w) {
    skip_space();
    if (s_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }
  std::optional<std::string> string() {
    skip_space();
    if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"')) return std::nullopt;
    char quote = s_[pos_++];
    size_t end = s_.find(quote, pos_);
    if (end == std::string_view::npos) return std::nullopt;
    std::string out(s_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return out;
  }
  std::optional<std::vector<uint64_t>> tuple() {
    if (!eat('(')) return std::nullopt;
    std::vector<uint64_t> dims;
    while (!eat(')')) {
      skip_space();
      uint64_t n = 0;
      size_t start = pos_;
      for (; pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9'; ++pos_) {
        if (n > (uint64_t{1} << 50)) return std::nullopt;  // absurd; checked against the bytes
        n = n * 10 + static_cast<uint64_t>(s_[pos_] - '0');
      }
      if (pos_ == start || dims.size() > 32) return std::nullopt;
      dims.push_back(n);
      if (!eat(',')) {
        if (!eat(')')) return std::nullopt;
        break;
      }
    }
    return dims;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// Rejects what cannot be normalised for cosine similarity, naming the row (1-based).
void check_rows(const VectorFile& v, std::string_view name) {
  for (size_t r = 0; r < v.rows; ++r) {
    bool nonzero = false;
    for (size_t d = 0; d < v.dim; ++d) {
      float x = v.row(r)[d];
      if (!std::isfinite(x))
        fail(name, fmt::format("row {} holds a non-finite value (NaN or infinity, or a float64 "
                               "beyond float32's range) in column {}",
                               r + 1, d + 1));
      nonzero = nonzero || x != 0;
    }
    if (!nonzero)
      fail(name, fmt::format("row {} is all zeros: it has no direction to compare", r + 1));
  }
}

}  // namespace

VectorFile parse_npy(std::string_view bytes, std::string_view name) {
  if (bytes.substr(0, 6) != kNpyMagic) fail(name, "not a NumPy .npy file");
  if (bytes.size() < 10) fail(name, "truncated .npy header");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t header_len = 0, header_at = 0;
  if (major == 1) {
    header_len = load<uint16_t>(bytes.data() + 8);
    header_at = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) fail(name, "truncated .npy header");
    header_len = load<uint32_t>(bytes.data() + 8);
    header_at = 12;
  } else {
    fail(name, fmt::format(".npy format version {} is not supported (1, 2 and 3 are)", major));
  }
  if (header_len > bytes.size() - header_at) fail(name, "truncated .npy header");
  auto header = HeaderParser(bytes.substr(header_at, header_len)).parse();
  if (!header || !header->descr || !header->fortran || !header->shape)
    fail(name, ".npy header is not a dict of descr, fortran_order and shape");
  const std::string& descr = *header->descr;
  size_t elem = 0;
  if (descr == "<f4")
    elem = 4;
  else if (descr == "<f8")
    elem = 8;
  else if (descr == ">f4" || descr == ">f8")
    fail(name, "big-endian floats; save the array as little-endian (arr.astype('<f4'))");
  else
    fail(name, fmt::format("dtype '{}' is not float32 or float64 (arr.astype('float32'))", descr));
  if (*header->fortran)
    fail(name, "Fortran-ordered array; save a C-ordered one (np.ascontiguousarray(arr))");
  const std::vector<uint64_t>& shape = *header->shape;
  if (shape.size() != 2)
    fail(name, fmt::format("a {}-D array; expected 2-D (rows, dimension)", shape.size()));
  if (shape[0] == 0) fail(name, "no rows");
  if (shape[1] == 0 || shape[1] > kMaxVectorDim)
    fail(name, fmt::format("dimension {} is outside 1..{}", shape[1], kMaxVectorDim));
  std::string_view body = bytes.substr(header_at + header_len);
  // rows <= 2^50 and dim <= 2^16: the product fits in 64 bits before it is compared.
  if (shape[0] > (uint64_t{1} << 50) || shape[0] * shape[1] * elem != body.size())
    fail(name,
         fmt::format("shape ({}, {}) needs {} bytes of data, the file has {}", shape[0], shape[1],
                     double(shape[0]) * double(shape[1]) * double(elem), body.size()));
  VectorFile v;
  v.rows = shape[0];
  v.dim = shape[1];
  v.data.resize(v.rows * v.dim);
  if (elem == 4) {
    std::memcpy(v.data.data(), body.data(), body.size());
  } else {
    for (size_t i = 0; i < v.data.size(); ++i)
      v.data[i] = static_cast<float>(load<double>(body.data() + i * 8));
  }
  check_rows(v, name);
  return v;
}

VectorFile parse_fvecs(std::string_view bytes, std::string_view name) {
  if (bytes.empty()) fail(name, "empty file");
  if (bytes.size() < 4) fail(name, "truncated .fvecs row 1");
  int32_t dim = load<int32_t>(bytes.data());
  if (dim <= 0 || static_cast<uint64_t>(dim) > kMaxVectorDim)
    fail(name, fmt::format("row 1 declares dimension {}, outside 1..{} (not an .fvecs file?)", dim,
                           kMaxVectorDim));
  size_t row_bytes = 4 + 4 * static_cast<size_t>(dim);
  if (bytes.size() % row_bytes != 0)
    fail(name, fmt::format("{} bytes is not a whole number of {}-byte rows of dimension {} "
                           "(truncated, or rows of different dimensions)",
                           bytes.size(), row_bytes, dim));
  VectorFile v;
  v.rows = bytes.size() / row_bytes;
  v.dim = static_cast<size_t>(dim);
  v.data.resize(v.rows * v.dim);
  for (size_t r = 0; r < v.rows; ++r) {
    const char* p = bytes.data() + r * row_bytes;
    if (load<int32_t>(p) != dim)
      fail(name,
           fmt::format("row {} declares dimension {}, row 1 {}", r + 1, load<int32_t>(p), dim));
    std::memcpy(v.data.data() + r * v.dim, p + 4, row_bytes - 4);
  }
  check_rows(v, name);
  return v;
}

VectorFile parse_vectors(std::string_view bytes, std::string_view name) {
  return bytes.substr(0, kNpyMagic.size()) == kNpyMagic ? parse_npy(bytes, name)
                                                        : parse_fvecs(bytes, name);
}

VectorFile read_vectors(const std::string& path) {
  ingest::InputFile in(path);  // throws with the path when it cannot be opened
  std::string bytes = in.read_rest();
  if (!in.stream_error().empty()) throw IoError(fmt::format("{}: {}", path, in.stream_error()));
  return parse_vectors(bytes, path);
}

std::vector<std::string> read_vector_ids(const std::string& path, size_t rows) {
  ingest::InputFile in(path);
  std::vector<std::string> ids;
  std::unordered_set<std::string> seen;
  std::string_view line;
  for (;;) {
    auto got = in.next_line(line);
    if (got == ingest::InputFile::Line::end) break;
    if (got == ingest::InputFile::Line::too_long)
      fail(path, fmt::format("line {} is too long for an id", in.line_number()));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty())
      fail(path, fmt::format("line {} is empty; expected one id per line", in.line_number()));
    if (!seen.emplace(line).second)
      fail(path, fmt::format("line {}: id '{}' appears twice", in.line_number(), line));
    ids.emplace_back(line);
  }
  if (!in.stream_error().empty()) throw IoError(fmt::format("{}: {}", path, in.stream_error()));
  if (ids.size() != rows)
    fail(path, fmt::format("{} ids for {} vector rows; give one id per row, in row order",
                           ids.size(), rows));
  return ids;
}

IdVectors read_id_vectors(const std::string& vectors_path, const std::string& ids_path) {
  IdVectors v;
  v.source = vectors_path;
  v.vectors = read_vectors(vectors_path);
  v.ids = read_vector_ids(ids_path, v.vectors.rows);
  for (size_t i = 0; i < v.ids.size(); ++i) v.row_of.emplace(v.ids[i], i);
  return v;
}

}  // namespace lockstep::claims
