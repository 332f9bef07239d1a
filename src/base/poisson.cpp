#include "base/poisson.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lockstep {

double log10_poisson_tail(uint32_t k, double lambda) {
  if (k == 0) return 0.0;
  if (lambda <= 0) return -std::numeric_limits<double>::infinity();
  // Sum the tail from its first term in log space: t_k = exp(-l) l^k / k!, t_{x+1} = t_x l/(x+1).
  double log_t = -lambda + k * std::log(lambda) - std::lgamma(k + 1.0);
  if (lambda >= k) {
    // Tail holds most of the mass: 1 - P(X < k), computed the same way.
    double log_term = -lambda, sum = 0;
    for (uint32_t x = 0; x < k; ++x) {
      sum += std::exp(log_term);
      log_term += std::log(lambda) - std::log(x + 1.0);
    }
    double p = std::max(1.0 - sum, 1e-300);
    return std::log10(p);
  }
  double sum = 1.0, term = 1.0;
  for (uint32_t x = k + 1; x < k + 1000; ++x) {
    term *= lambda / x;
    sum += term;
    if (term < sum * 1e-15) break;
  }
  return (log_t + std::log(sum)) / std::log(10.0);
}

}  // namespace lockstep
