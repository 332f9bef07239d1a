#include "coord/bursts.h"

#include <algorithm>
#include <cmath>

#include "coord/significance.h"

namespace lockstep::coord {

std::vector<Burst> find_bursts(std::span<const Occurrence> occ, int64_t window_ms, int64_t span_ms,
                               int64_t context_ms, uint32_t min_accounts, double fdr) {
  std::vector<Burst> found;
  uint64_t items_tested = 0;
  std::vector<uint32_t> accounts;
  const double positions = static_cast<double>(std::max(span_ms, window_ms)) /
                           static_cast<double>(std::max<int64_t>(window_ms, 1));
  for (size_t begin = 0; begin < occ.size();) {
    size_t end = begin;
    while (end < occ.size() && occ[end].item == occ[begin].item) ++end;
    const size_t n = end - begin;
    if (n >= min_accounts) {
      ++items_tested;
      const double lambda = static_cast<double>(n) / positions;
      // Slide a window over the item's occurrences; qualifying windows that overlap form one burst.
      size_t lo = begin, burst_begin = end, burst_end = begin;
      uint32_t peak = 0;
      auto close = [&]() {
        if (burst_begin >= burst_end) return;
        accounts.clear();
        for (size_t i = burst_begin; i < burst_end; ++i) accounts.push_back(occ[i].account);
        std::sort(accounts.begin(), accounts.end());
        auto distinct =
            static_cast<uint32_t>(std::unique(accounts.begin(), accounts.end()) - accounts.begin());
        // The text's own rate around the burst, the burst left out: a slogan that trends for a
        // day pastes at a high rate for hours, and ten pastes in five minutes are its rhythm then.
        const int64_t from = occ[burst_begin].ts_ms - context_ms,
                      to = occ[burst_end - 1].ts_ms + context_ms;
        const auto by_time = [](const Occurrence& o, int64_t t) { return o.ts_ms < t; };
        const auto* first = std::lower_bound(occ.data() + begin, occ.data() + end, from, by_time);
        const auto* last = std::lower_bound(occ.data() + begin, occ.data() + end, to + 1, by_time);
        const double around = static_cast<double>(
            (last - first) - static_cast<std::ptrdiff_t>(burst_end - burst_begin));
        const double local = around * static_cast<double>(window_ms) /
                             static_cast<double>(std::max<int64_t>(2 * context_ms, window_ms));
        double log10_p = std::min(
            0.0, log10_poisson_tail(peak, std::max(lambda, local)) + std::log10(positions));
        if (distinct >= min_accounts)
          found.push_back({occ[begin].item, static_cast<uint32_t>(burst_begin),
                           static_cast<uint32_t>(burst_end), peak, distinct, log10_p});
        burst_begin = end;
        burst_end = begin;
        peak = 0;
      };
      for (size_t hi = begin; hi < end; ++hi) {
        while (occ[hi].ts_ms - occ[lo].ts_ms > window_ms) ++lo;
        const auto in_window = static_cast<uint32_t>(hi - lo + 1);
        if (in_window < min_accounts) continue;
        if (burst_begin < burst_end && lo >= burst_end) close();
        if (burst_begin >= burst_end) burst_begin = lo;
        burst_end = hi + 1;
        peak = std::max(peak, in_window);
      }
      close();
    }
    begin = end;
  }
  // Bonferroni over the items that could have burst.
  const double threshold = std::log10(fdr) - std::log10(std::max<double>(1, items_tested));
  std::erase_if(found, [&](const Burst& b) { return b.log10_p > threshold; });
  return found;
}

}  // namespace lockstep::coord
