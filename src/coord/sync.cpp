#include "coord/sync.h"

#include <algorithm>
#include <array>

#include "base/hash.h"

namespace lockstep::coord {

namespace {

struct Activity {
  uint32_t events = 0;
  std::vector<int64_t> times;  // sorted (the table is)
  std::array<double, 24> hours{};
};

// Events of `a` within [from, to].
uint32_t events_between(const Activity& a, int64_t from, int64_t to) {
  auto lo = std::lower_bound(a.times.begin(), a.times.end(), from);
  auto hi = std::upper_bound(a.times.begin(), a.times.end(), to);
  return static_cast<uint32_t>(hi - lo);
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
  std::vector<uint32_t> slot(n_accounts, store::kNone);
  std::vector<Activity> act;
  for (uint32_t a = 0; a < n_accounts; ++a)
    if (count[a] >= min_events) {
      slot[a] = static_cast<uint32_t>(act.size());
      act.emplace_back();
      act.back().times.reserve(count[a]);
    }
  out.eligible_accounts = static_cast<uint32_t>(act.size());
  std::vector<uint32_t> eligible_events;
  for (size_t e = 0; e < t.size(); ++e) {
    uint32_t s = slot[t.account[e]];
    if (s == store::kNone) continue;
    eligible_events.push_back(static_cast<uint32_t>(e));
    act[s].times.push_back(t.ts_ms[e]);
    int64_t hour = ((t.ts_ms[e] / 3'600'000) % 24 + 24) % 24;
    act[s].hours[static_cast<size_t>(hour)] += 1;
  }
  for (auto& a : act) {
    a.events = static_cast<uint32_t>(a.times.size());
    for (double& h : a.hours) h /= std::max<uint32_t>(1, a.events);
  }
  out.occurrences = eligible_events.size();

  // Map: one sweep over the time-sorted eligible events. Each coincidence's item is the earlier
  // event, so a pair's episodes are its distinct coincidences.
  auto map = [&](auto&& emit) {
    for (size_t i = 0; i < eligible_events.size(); ++i) {
      uint32_t ei = eligible_events[i];
      size_t limit = std::min(eligible_events.size(), i + 1 + static_cast<size_t>(max_neighbours));
      for (size_t j = i + 1; j < limit; ++j) {
        uint32_t ej = eligible_events[j];
        int64_t dt = t.ts_ms[ej] - t.ts_ms[ei];
        if (dt > window_ms) break;
        uint32_t a = t.account[ei], b = t.account[ej];
        if (a == b) continue;
        // Two responses to the same post are a shared stimulus, measured by co_repost/co_reply with
        // their own null; co_active looks for synchrony beyond that.
        if (t.parent_post[ei] != store::kNone && t.parent_post[ei] == t.parent_post[ej]) continue;
        PairTuple tu{0, ei, ei, ej, t.ts_ms[ei], dt};
        if (a > b) {
          std::swap(a, b);
          std::swap(tu.event_a, tu.event_b);
        }
        tu.pair = (uint64_t{a} << 32) | b;
        emit(tu);
      }
    }
  };
  ShuffleOptions so{Signal::co_active, 0, min_items, evidence_k};
  out.pairs = shuffle_reduce(
      map, [](uint32_t) { return 1.0; }, so, nullptr);
  out.expected.reserve(out.pairs.size());
  for (const auto& pc : out.pairs) {
    const Activity& A = act[slot[pc.a]];
    const Activity& B = act[slot[pc.b]];
    int64_t from = std::max(A.times.front(), B.times.front()),
            to = std::min(A.times.back(), B.times.back());
    double span = static_cast<double>(std::max<int64_t>(to - from, window_ms));
    double na = events_between(A, from, to), nb = events_between(B, from, to);
    double overlap = 0;
    for (size_t h = 0; h < 24; ++h) overlap += A.hours[h] * B.hours[h];
    out.expected.push_back(na * nb * (2.0 * static_cast<double>(window_ms) / span) * 24.0 *
                           overlap);
  }
  return out;
}

}  // namespace lockstep::coord
