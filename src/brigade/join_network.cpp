// Brigades join the coordination network: analyze's whole pass (brigade.h, `analyze`).
#include <algorithm>
#include <chrono>
#include <future>
#include <string>

#include "brigade/brigade.h"

namespace lockstep::brigade {

namespace {

// The table row of a member's first interaction: the table is in time order, so a binary search on
// the time, then a check of the few rows of that millisecond. kNone when it is not there.
uint32_t event_of(const store::EventTable& t, const Member& m) {
  const auto ts = t.ts_ms.span();
  const auto* begin = ts.data();
  const auto* end = begin + ts.size();
  for (const auto* p = std::lower_bound(begin, end, m.first_ms); p != end && *p == m.first_ms;
       ++p) {
    const auto e = static_cast<size_t>(p - begin);
    if (t.account_ids[t.account[e]] == m.account_id && t.post_ids[t.post[e]] == m.post_id)
      return static_cast<uint32_t>(e);
  }
  return store::kNone;
}

// The target's account id, from the interaction that addressed it.
uint32_t target_of(const store::EventTable& t, uint32_t event, const std::string& target) {
  if (uint32_t p = t.parent_account[event]; p != store::kNone && t.account_ids[p] == target)
    return p;
  for (uint32_t m : t.mentions_of(event))
    if (t.account_ids[m] == target) return m;
  return store::kNone;
}

}  // namespace

std::vector<coord::Swarm> swarms_of(const store::EventTable& t,
                                    const std::vector<Incident>& incidents,
                                    double member_threshold) {
  std::vector<coord::Swarm> out;
  for (const Incident& inc : incidents) {
    if (!inc.brigade) continue;
    coord::Swarm s;
    s.strength = inc.burst_score;
    for (const Member& m : inc.members) {
      if (m.score < member_threshold) continue;
      const uint32_t e = event_of(t, m);
      if (e == store::kNone) continue;  // cannot happen for a table's own history
      if (s.members.empty()) s.target = target_of(t, e, inc.target);
      s.members.push_back({t.account[e], e});
    }
    if (s.members.size() >= 2) out.push_back(std::move(s));
  }
  return out;
}

Analysis analyze(const store::EventTable& t, const coord::CoordOptions& coord_options,
                 const BrigadeOptions& options) {
  Analysis a;
  if (!coord_options[coord::Signal::brigade].enabled) {  // `--signals` without brigade: not asked
    a.coord = coord::analyze(t, coord_options);
    return a;
  }
  // The detector is one thread and needs no clusters to find incidents, so it runs beside the
  // coordination analysis; the clusters only add evidence afterwards (rescore).
  const auto start = std::chrono::steady_clock::now();
  auto detecting = std::async(std::launch::async, [&] { return detect(t, options, {}); });
  a.coord = coord::analyze(t, coord_options);
  a.incidents = detecting.get();
  ClusterMap clusters;
  for (const auto& acc : a.coord.accounts)
    if (acc.cluster >= 0) clusters[std::string(t.account_ids[acc.account])] = acc.cluster;
  for (Incident& inc : a.incidents) rescore(inc, clusters, options);
  coord::add_swarms(a.coord, t, coord_options, swarms_of(t, a.incidents, options.member_threshold));
  coord::SignalSummary& sum = a.coord.signals[static_cast<size_t>(coord::Signal::brigade)];
  sum.window_ms = options.window_ms;
  // Wall time of the brigade thread and the joining, overlapping the coordination analysis.
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() -
                a.coord.seconds;
  return a;
}

}  // namespace lockstep::brigade
