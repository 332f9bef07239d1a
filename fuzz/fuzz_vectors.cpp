// The embedding readers (.npy headers and data, .fvecs rows) over any bytes: each either throws
// UsageError or returns rows x dim finite values with no all-zero row.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/error.h"
#include "claims/vector_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    lockstep::claims::VectorFile v = lockstep::claims::parse_vectors(bytes, "fuzz");
    if (v.rows == 0 || v.dim == 0 || v.data.size() != v.rows * v.dim) std::abort();
    for (float x : v.data)
      if (!std::isfinite(x)) std::abort();
  } catch (const lockstep::UsageError&) {
  }
  return 0;
}
