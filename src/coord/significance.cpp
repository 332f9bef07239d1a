#include "coord/significance.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lockstep::coord {

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
