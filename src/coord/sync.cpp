#include "coord/sync.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "base/hash.h"
#include "base/minhash.h"

namespace lockstep::coord {

namespace {

// Events of an account (time-sorted ids) within [from, to].
uint32_t events_between(const store::EventTable& t, std::span<const uint32_t> events, int64_t from,
                        int64_t to) {
  auto at = [&](uint32_t e, int64_t v) { return t.ts_ms[e] < v; };
  auto lo = std::lower_bound(events.begin(), events.end(), from, at);
  auto hi = std::lower_bound(events.begin(), events.end(), to + 1, at);
  return static_cast<uint32_t>(hi - lo);
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

// Two events of a pair coincide when they fall within the window and are not two responses to the
// same post (a shared stimulus, which co_repost and co_reply measure with their own null).
bool coincide(const store::EventTable& t, uint32_t x, uint32_t y) {
  return t.parent_post[x] == store::kNone || t.parent_post[x] != t.parent_post[y];
}

// Counts the coincidences of accounts a and b exactly: each event that has a later-or-equal
// partner event of the other account within the window counts once (ties once, on a's side).
// Linear in their events.
PairCount count_coincidences(const store::EventTable& t, uint32_t a, uint32_t b,
                             std::span<const uint32_t> ea, std::span<const uint32_t> eb,
                             int64_t window_ms, uint32_t evidence_k) {
  PairCount pc;
  pc.a = a;
  pc.b = b;
  auto sweep = [&](std::span<const uint32_t> xs, std::span<const uint32_t> ys, bool strict,
                   bool x_is_a) {
    size_t j = 0;
    for (uint32_t x : xs) {
      const int64_t tx = t.ts_ms[x];
      while (j < ys.size() && (t.ts_ms[ys[j]] < tx || (strict && t.ts_ms[ys[j]] == tx))) ++j;
      for (size_t m = j; m < ys.size() && t.ts_ms[ys[m]] - tx <= window_ms; ++m) {
        if (!coincide(t, x, ys[m])) continue;
        ++pc.items;
        if (pc.evidence.size() < evidence_k) {
          uint32_t event_a = x_is_a ? x : ys[m], event_b = x_is_a ? ys[m] : x;
          pc.evidence.push_back({Signal::co_active, x, event_a, event_b, t.ts_ms[ys[m]] - tx});
        }
        break;
      }
    }
  };
  sweep(ea, eb, false, true);
  sweep(eb, ea, true, false);
  pc.weight = pc.items;
  return pc;
}

}  // namespace

int64_t time_resolution_ms(const store::EventTable& t) {
  bool seconds = true, minutes = true;
  for (int64_t ts : t.ts_ms) {
    seconds &= ts % 1000 == 0;
    minutes &= ts % 60'000 == 0;
    if (!seconds) break;
  }
  return minutes && t.size() > 0 ? 60'000 : seconds && t.size() > 0 ? 1'000 : 1;
}

SyncPairs sync_pairs(const store::EventTable& t, int64_t window_ms, uint32_t max_neighbours,
                     uint32_t min_events, uint32_t min_items, uint32_t evidence_k) {
  SyncPairs out;
  window_ms = std::max(window_ms, time_resolution_ms(t));
  out.window_ms = window_ms;
  const size_t n_accounts = t.account_count();
  std::vector<uint32_t> count(n_accounts, 0);
  for (size_t e = 0; e < t.size(); ++e) ++count[t.account[e]];
  std::vector<uint32_t> slot(n_accounts, store::kNone), account_of;
  std::vector<uint32_t> start{0};  // CSR: eligible account slot -> its events, in time order
  for (uint32_t a = 0; a < n_accounts; ++a)
    if (count[a] >= min_events) {
      slot[a] = static_cast<uint32_t>(account_of.size());
      account_of.push_back(a);
      start.push_back(start.back() + count[a]);
    }
  const size_t n = account_of.size();
  out.eligible_accounts = static_cast<uint32_t>(n);
  std::vector<uint32_t> events(start.back());
  std::vector<std::array<double, 24>> hours(n, std::array<double, 24>{});
  {
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (size_t e = 0; e < t.size(); ++e) {
      uint32_t s = slot[t.account[e]];
      if (s == store::kNone) continue;
      events[fill[s]++] = static_cast<uint32_t>(e);
      int64_t hour = ((t.ts_ms[e] / 3'600'000) % 24 + 24) % 24;
      hours[s][static_cast<size_t>(hour)] += 1;
    }
  }
  for (size_t s = 0; s < n; ++s)
    for (double& h : hours[s]) h /= std::max<uint32_t>(1, start[s + 1] - start[s]);
  out.occurrences = events.size();
  auto events_of = [&](size_t s) {
    return std::span<const uint32_t>(events).subspan(start[s], start[s + 1] - start[s]);
  };

  // Candidates: accounts whose sets of active moments overlap. A moment is a cell of twice the
  // window on one of two grids offset by the window, so two events within the window share a cell
  // on at least one grid. MinHash + LSH (32 bands of 2 rows) bring together pairs sharing about a
  // tenth or more of their moments; a pair qualifies when its signatures also agree that far. Only
  // qualified pairs are counted exactly: near-linear, where comparing each event with its
  // neighbours in time grows with the square of the posting rate.
  constexpr int kRows = 2, kBands = kMinHashBins / kRows;
  constexpr double kMinOverlap = 0.1;
  const int64_t cell = 2 * window_ms;
  std::vector<uint64_t> band_keys(kBands * n);
  std::vector<ShortSignature> shorts(n);
  tbb::parallel_for(size_t{0}, n, [&](size_t s) {
    Signature sig = one_permutation_minhash([&](auto&& add) {
      for (uint32_t e : events_of(s)) {
        int64_t ts = t.ts_ms[e];
        add(hash_u64(static_cast<uint64_t>(floor_div(ts, cell)) << 1));
        add(hash_u64(static_cast<uint64_t>(floor_div(ts + window_ms, cell)) << 1 | 1));
      }
    });
    for (int band = 0; band < kBands; ++band) band_keys[band * n + s] = band_key(sig, band, kRows);
    shorts[s] = shorten(sig);
  });
  std::vector<std::vector<uint64_t>> found(kBands);
  tbb::parallel_for(0, kBands, [&](int band) {
    for_each_bucket(std::span(band_keys).subspan(band * n, n), [&](std::span<const uint32_t> m) {
      // Each member meets the members just before it: a bucket of a thousand synchronised
      // accounts costs a thousand times max_neighbours checks, not half a million.
      for (size_t i = 1; i < m.size(); ++i)
        for (size_t j = i > max_neighbours ? i - max_neighbours : 0; j < i; ++j)
          if (short_similarity(shorts[m[j]], shorts[m[i]]) >= kMinOverlap)
            found[band].push_back(uint64_t{m[j]} << 32 | m[i]);
    });
  });
  std::vector<uint64_t> candidates;
  for (auto& f : found) candidates.insert(candidates.end(), f.begin(), f.end());
  found.clear();
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::vector<PairCount> counted(candidates.size());
  tbb::parallel_for(size_t{0}, candidates.size(), [&](size_t i) {
    auto x = static_cast<uint32_t>(candidates[i] >> 32), y = static_cast<uint32_t>(candidates[i]);
    uint32_t a = account_of[x], b = account_of[y];
    if (a > b) std::swap(x, y), std::swap(a, b);
    counted[i] = count_coincidences(t, a, b, events_of(x), events_of(y), window_ms, evidence_k);
  });
  for (auto& pc : counted) {
    if (pc.items < min_items) continue;
    const uint32_t x = slot[pc.a], y = slot[pc.b];
    auto ex = events_of(x), ey = events_of(y);
    int64_t from = std::max(t.ts_ms[ex.front()], t.ts_ms[ey.front()]),
            to = std::min(t.ts_ms[ex.back()], t.ts_ms[ey.back()]);
    double span = static_cast<double>(std::max<int64_t>(to - from, window_ms));
    double na = events_between(t, ex, from, to), nb = events_between(t, ey, from, to);
    double overlap = 0;
    for (size_t h = 0; h < 24; ++h) overlap += hours[x][h] * hours[y][h];
    out.expected.push_back(na * nb * (2.0 * static_cast<double>(window_ms) / span) * 24.0 *
                           overlap);
    out.consistency.push_back(
        pc.items / std::sqrt(static_cast<double>(ex.size()) * static_cast<double>(ey.size())));
    out.pairs.push_back(std::move(pc));
  }
  return out;
}

}  // namespace lockstep::coord
