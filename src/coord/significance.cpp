#include "coord/significance.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lockstep::coord {

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

double bh_threshold(std::vector<double> log10_p, double fdr, double total_tests) {
  if (log10_p.empty()) return -std::numeric_limits<double>::infinity();
  std::sort(log10_p.begin(), log10_p.end());
  const double m = std::max(total_tests, static_cast<double>(log10_p.size()));
  double threshold = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < log10_p.size(); ++i) {
    double bound = std::log10(fdr * static_cast<double>(i + 1) / m);
    if (log10_p[i] <= bound) threshold = log10_p[i];
  }
  return threshold;
}

}  // namespace lockstep::coord
