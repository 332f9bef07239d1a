// What an incident looks like: who took part and how, folded into a coordination score. An organic
// pile-on draws established accounts saying different things over hours; a brigade brings fresh
// accounts, the same few messages, accounts an earlier analysis already tied together.
#include <algorithm>
#include <unordered_map>

#include "brigade/state.h"

namespace lockstep::brigade {

namespace {

// Evidence weights (docs/brigades.md): one strong sign makes a member, two make it certain.
constexpr double kDuplicateWeight = 0.8, kClusterWeight = 0.8, kFreshWeight = 0.6;
constexpr double kRepeatFactor = 0.85;  // a member who had answered the target before
constexpr double kFreshPrior = 5;       // pseudo-accounts at the ordinary fresh share

double share(uint32_t k, size_t of) {
  return of == 0 ? 0.0 : static_cast<double>(k) / static_cast<double>(of);
}

uint32_t root(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

// Everything that follows from the members' flags (novel, fresh, duplicate, cluster): member
// scores, the incident's shares and its coordination. Shared by the live detector and rescore.
void score(Incident& inc, const BrigadeOptions& o, int64_t now) {
  const size_t n = inc.members.size();
  std::unordered_map<int32_t, uint32_t> per_cluster;
  for (const Member& m : inc.members)
    if (m.cluster >= 0) ++per_cluster[m.cluster];
  uint32_t novel = 0, fresh = 0, aged = 0, clustered = 0;
  std::vector<double> ages;
  for (Member& m : inc.members) {
    novel += m.novel;
    if (m.created_ms != store::kUnknownTime) {
      ++aged;
      fresh += m.fresh;
      ages.push_back(static_cast<double>(m.first_ms - m.created_ms) / 86'400'000.0);
    }
    m.in_shared_cluster = m.cluster >= 0 && per_cluster[m.cluster] >= 2;
    clustered += m.in_shared_cluster;
    double evidence = 1 - (1 - kDuplicateWeight * m.duplicate) *
                              (1 - kClusterWeight * m.in_shared_cluster) *
                              (1 - kFreshWeight * m.fresh);
    m.score = evidence * (m.novel ? 1.0 : kRepeatFactor);
  }
  inc.novel_share = share(novel, n);
  inc.fresh_share = aged == 0 ? -1 : share(fresh, aged);
  inc.cluster_share = share(clustered, n);
  if (!ages.empty()) {
    std::nth_element(ages.begin(), ages.begin() + ages.size() / 2, ages.end());
    inc.median_age_days = ages[ages.size() / 2];
  }
  // Synchrony: the share of members whose first interaction falls in the busiest sync_ms span.
  std::vector<int64_t> first(n);
  for (size_t i = 0; i < n; ++i) first[i] = inc.members[i].first_ms;
  std::sort(first.begin(), first.end());
  size_t best = 0;
  for (size_t i = 0, j = 0; j < n; ++j) {
    while (first[j] - first[i] > o.sync_ms) ++i;
    best = std::max(best, j - i + 1);
  }
  inc.synchrony = share(static_cast<uint32_t>(best), n);

  // Coordination: any one strong sign (copypasta, a shared cluster, an excess of fresh accounts),
  // weighed down a little when the accounts are regulars of the target (fans; but a brigade that
  // returns to its target is regular too, so only a little).
  // The fresh share is shrunk towards the ordinary share (kFreshPrior pseudo-accounts), so that
  // three fresh accounts among six strangers are no proof while ten of ten are.
  double fresh_excess = 0;
  if (aged > 0) {
    const double shrunk = (fresh + kFreshPrior * o.fresh_base_share) / (aged + kFreshPrior);
    if (shrunk > o.fresh_base_share)
      fresh_excess =
          std::min(1.0, (shrunk - o.fresh_base_share) / std::max(0.05, 0.6 - o.fresh_base_share));
  }
  const double strong =
      1 - (1 - inc.duplicate_share) * (1 - inc.cluster_share) * (1 - fresh_excess);
  inc.coordination = strong * (0.85 + 0.15 * inc.novel_share);
  const bool was = inc.brigade;
  inc.brigade = inc.coordination >= o.brigade_threshold && inc.accounts >= o.min_accounts;
  if (inc.brigade && !was && inc.alert_ms == store::kUnknownTime) inc.alert_ms = now;
}

}  // namespace

void Detector::State::characterise(OpenIncident& oi) {
  Incident& inc = oi.inc;
  const size_t n = inc.members.size();
  // Small incidents are looked at on every new member, large ones when they grew by an eighth.
  if (n == 0 || (oi.characterised_members != 0 && n < oi.characterised_members + 1 + n / 8 &&
                 n >= oi.characterised_members))
    return;
  oi.characterised_members = n;
  uint32_t duplicate = 0, eligible = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (!oi.has_sig[i]) continue;
    Member& m = inc.members[i];
    ++eligible;
    m.duplicate = oi.group_size[root(oi.parent, i)] >= o.duplicate_min_group;
    duplicate += m.duplicate;
  }
  inc.duplicate_share = share(duplicate, eligible);
  score(inc, o, now);
}

void rescore(Incident& inc, const ClusterMap& clusters, const BrigadeOptions& options) {
  for (Member& m : inc.members) {
    auto c = clusters.find(m.account_id);
    m.cluster = c == clusters.end() ? -1 : c->second;
  }
  // Recognised only now: the alert time is the incident's last interaction, when all the
  // evidence was in (a live run that knew the clusters may have alerted earlier).
  score(inc, options, inc.last_ms);
}

void Detector::State::maybe_alert(OpenIncident& oi) {
  const Incident& inc = oi.inc;
  if (!inc.brigade || inc.closed) return;
  const size_t n = inc.members.size();
  if (oi.alerted_members == 0) {
    alerts.push_back({AlertKind::opened, now, inc});
    oi.alerted_members = n;
  } else if (n * 2 >= oi.alerted_members * 3) {
    alerts.push_back({AlertKind::grew, now, inc});
    oi.alerted_members = n;
  }
}

}  // namespace lockstep::brigade
