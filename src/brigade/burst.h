// The burst statistic of one target: interactions in a sliding window against the target's own
// baseline, an exponentially weighted count of the interactions that have already left the
// window (so a burst never hides itself by raising its own baseline).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "base/poisson.h"
#include "store/record.h"

namespace lockstep::brigade {

struct Baseline {
  double decayed = 0;                   // sum of exp(-(at - t_i) / tau) over past interactions
  int64_t at_ms = store::kUnknownTime;  // when `decayed` was last brought forward

  void add(int64_t t, int64_t tau_ms) {
    decay_to(t, tau_ms);
    decayed += 1;
  }
  void decay_to(int64_t t, int64_t tau_ms) {
    if (at_ms != store::kUnknownTime && t > at_ms)
      decayed *= std::exp(-static_cast<double>(t - at_ms) / static_cast<double>(tau_ms));
    if (at_ms == store::kUnknownTime || t > at_ms) at_ms = t;
  }
  // Interactions per hour at `now`, never below the prior. `observed_ms` is how long the target
  // has been watched: a target seen for an hour is judged by that hour, not diluted over tau.
  double per_hour(int64_t now, int64_t tau_ms, double prior_per_hour,
                  int64_t observed_ms = INT64_MAX) const {
    double d = decayed;
    if (at_ms != store::kUnknownTime && now > at_ms)
      d *= std::exp(-static_cast<double>(now - at_ms) / static_cast<double>(tau_ms));
    const int64_t span = std::clamp<int64_t>(observed_ms, kMinObservedMs, tau_ms);
    double rate = d / (static_cast<double>(span) / 3'600'000.0);
    return rate > prior_per_hour ? rate : prior_per_hour;
  }
  static constexpr int64_t kMinObservedMs = 3'600'000;  // a baseline is never from less than 1 h
};

// -log10 P(X >= count) for X ~ Poisson(expected): how surprising `count` interactions in one
// window are; 0 when the count is at or below what is expected.
inline double burst_surprise(uint32_t count, double expected) {
  if (count == 0 || count <= expected) return 0;
  return -log10_poisson_tail(count, expected);
}

}  // namespace lockstep::brigade
