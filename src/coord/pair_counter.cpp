#include "coord/pair_counter.h"

#include <algorithm>
#include <cmath>

#include "base/hash.h"

namespace lockstep::coord {

namespace {

bool by_item_and_time(const Occurrence& x, const Occurrence& y) {
  return x.item != y.item ? x.item < y.item : x.ts_ms < y.ts_ms;
}

}  // namespace

void sort_by_item_and_time(std::vector<Occurrence>& occ) {
  if (std::is_sorted(occ.begin(), occ.end(), by_item_and_time)) return;
  std::sort(occ.begin(), occ.end(), by_item_and_time);
}

std::optional<int64_t> estimate_window(const std::vector<Occurrence>& occ, double quantile) {
  std::vector<int64_t> half_times;
  std::vector<uint32_t> accounts;
  for (size_t begin = 0; begin < occ.size();) {
    size_t end = begin;
    accounts.clear();
    while (end < occ.size() && occ[end].item == occ[begin].item)
      accounts.push_back(occ[end++].account);
    std::sort(accounts.begin(), accounts.end());
    size_t distinct =
        static_cast<size_t>(std::unique(accounts.begin(), accounts.end()) - accounts.begin());
    if (distinct >= 5) {
      size_t half = begin + (end - begin - 1) / 2;
      half_times.push_back(occ[half].ts_ms - occ[begin].ts_ms);
    }
    begin = end;
  }
  if (half_times.size() < 10) return std::nullopt;
  auto k = static_cast<size_t>(quantile * static_cast<double>(half_times.size() - 1));
  std::nth_element(half_times.begin(), half_times.begin() + static_cast<long>(k), half_times.end());
  return std::clamp<int64_t>(half_times[k], 1'000, 86'400'000);
}

ItemStats item_stats(std::vector<Occurrence>& occ, size_t n_accounts, int64_t window_ms) {
  sort_by_item_and_time(occ);
  ItemStats s;
  s.occurrences_of_account.assign(n_accounts, 0);
  s.window_mass.assign(n_accounts, 0);
  uint32_t max_item = occ.empty() ? 0 : occ.back().item + 1;
  s.accounts_of_item.assign(max_item, 0);
  s.idf.assign(max_item, 0);
  s.occurrences = occ.size();
  std::vector<uint32_t> seen_stamp(n_accounts,
                                   UINT32_MAX);  // last item each account was counted for
  for (size_t begin = 0; begin < occ.size();) {
    uint32_t item = occ[begin].item;
    size_t end = begin;
    while (end < occ.size() && occ[end].item == item) ++end;
    // Occurrences within the window of each occurrence, both sides (two pointers).
    size_t lo = begin, hi = begin;
    for (size_t i = begin; i < end; ++i) {
      while (occ[i].ts_ms - occ[lo].ts_ms > window_ms) ++lo;
      while (hi < end && occ[hi].ts_ms - occ[i].ts_ms <= window_ms) ++hi;
      const auto& o = occ[i];
      s.window_mass[o.account] += static_cast<double>(hi - lo - 1);
      if (s.occurrences_of_account[o.account]++ == 0) ++s.active_accounts;
      if (seen_stamp[o.account] != item) {  // items come in order: one stamp suffices
        seen_stamp[o.account] = item;
        ++s.accounts_of_item[item];
      }
    }
    ++s.items;
    begin = end;
  }
  for (uint32_t i = 0; i < max_item; ++i) {
    double n = s.accounts_of_item[i];
    if (n > 0)
      s.idf[i] = std::log(std::max(1.0, static_cast<double>(s.active_accounts) / n)) + 1e-9;
  }
  return s;
}

std::vector<PairCount> count_pairs(const std::vector<Occurrence>& occ, const ItemStats& stats,
                                   uint32_t max_neighbours, const ShuffleOptions& o,
                                   uint64_t* candidate_tuples,
                                   const std::vector<uint32_t>* stratum_of_item) {
  // Map: per item, each occurrence with the later ones within the window, at most max_neighbours.
  auto map = [&](auto&& emit) {
    for (size_t begin = 0; begin < occ.size();) {
      size_t end = begin;
      while (end < occ.size() && occ[end].item == occ[begin].item) ++end;
      if (stats.accounts_of_item[occ[begin].item] >= 2) {
        for (size_t i = begin; i < end; ++i) {
          size_t limit = std::min(end, i + 1 + static_cast<size_t>(max_neighbours));
          for (size_t j = i + 1; j < limit && occ[j].ts_ms - occ[i].ts_ms <= o.window_ms; ++j) {
            uint32_t a = occ[i].account, b = occ[j].account;
            if (a == b) continue;
            PairTuple t{0,
                        occ[i].item,
                        occ[i].event,
                        occ[j].event,
                        occ[i].ts_ms,
                        occ[j].ts_ms - occ[i].ts_ms};
            if (a > b) {
              std::swap(a, b);
              std::swap(t.event_a, t.event_b);
            }
            t.pair = (uint64_t{a} << 32) | b;
            emit(t);
          }
        }
      }
      begin = end;
    }
  };
  auto idf = [&](uint32_t item) { return stats.idf[item]; };
  if (stratum_of_item == nullptr) return shuffle_reduce(map, idf, o, candidate_tuples);
  return shuffle_reduce(map, idf, o, candidate_tuples,
                        [&](uint32_t item) { return (*stratum_of_item)[item]; });
}

}  // namespace lockstep::coord
