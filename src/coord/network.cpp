// The network stage: significant edges -> connected groups large enough to flag -> Leiden
// communities (clusters) -> flagged accounts with scores and features. Run again when swarms from
// the brigade detector add edges.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <unordered_map>

#include "coord/communities.h"
#include "coord/coord.h"
#include "coord/features.h"
#include "coord/groups.h"

namespace lockstep::coord {

void build_network(CoordResult& r, const store::EventTable& t, const CoordOptions& opt) {
  // Edges of groups dropped by an earlier run get another chance: new edges may enlarge them.
  for (auto& e : r.small_group_edges) r.edges.push_back(std::move(e));
  r.small_group_edges.clear();
  const auto start = std::chrono::steady_clock::now();
  r.clusters.clear();
  r.accounts.clear();
  r.small_groups = drop_small_groups(r.edges, opt.min_group_size, &r.small_group_edges);
  std::sort(r.edges.begin(), r.edges.end(),
            [](const Edge& x, const Edge& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });

  // Dense node ids for the accounts on significant edges.
  std::unordered_map<uint32_t, uint32_t> node_of;
  std::vector<uint32_t> account_of_node;
  auto node = [&](uint32_t a) {
    auto [it, fresh] = node_of.emplace(a, static_cast<uint32_t>(account_of_node.size()));
    if (fresh) account_of_node.push_back(a);
    return it->second;
  };
  std::vector<WeightedEdge> graph;
  graph.reserve(r.edges.size());
  for (const auto& e : r.edges) graph.push_back({node(e.a), node(e.b), e.weight});
  const auto n_nodes = static_cast<uint32_t>(account_of_node.size());
  std::vector<uint32_t> membership = leiden(n_nodes, graph, opt.leiden_resolution, opt.seed);
  r.community_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // Per node: strongest edge, degree, signals.
  std::vector<double> score(n_nodes, 0);
  std::vector<uint32_t> degree(n_nodes, 0), mask(n_nodes, 0);
  for (size_t i = 0; i < r.edges.size(); ++i) {
    for (uint32_t v : {graph[i].a, graph[i].b}) {
      score[v] = std::max(score[v], r.edges[i].strength);
      ++degree[v];
      mask[v] |= r.edges[i].signal_mask();
    }
  }

  // Communities -> clusters (big first).
  uint32_t n_comm = 0;
  for (uint32_t m : membership) n_comm = std::max(n_comm, m + 1);
  std::vector<std::vector<uint32_t>> members(n_comm);
  for (uint32_t v = 0; v < n_nodes; ++v) members[membership[v]].push_back(v);
  std::vector<uint32_t> order(n_comm);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return members[x].size() != members[y].size() ? members[x].size() > members[y].size() : x < y;
  });
  std::vector<int32_t> cluster_of_comm(n_comm, -1);
  for (uint32_t c : order) {
    if (members[c].size() < opt.min_cluster_size) continue;
    Cluster cl;
    cl.id = static_cast<uint32_t>(r.clusters.size());
    cluster_of_comm[c] = static_cast<int32_t>(cl.id);
    for (uint32_t v : members[c]) cl.members.push_back(account_of_node[v]);
    r.clusters.push_back(std::move(cl));
  }
  std::map<std::pair<uint32_t, std::string>, uint32_t> item_counts;  // (cluster, label) -> count
  std::vector<uint32_t> internal(r.clusters.size(), 0);
  std::vector<double> strength_sum(r.clusters.size(), 0);
  std::vector<bool> spanned(r.clusters.size(), false);
  for (size_t i = 0; i < r.edges.size(); ++i) {
    int32_t ca = cluster_of_comm[membership[graph[i].a]],
            cb = cluster_of_comm[membership[graph[i].b]];
    if (ca < 0 || ca != cb) continue;
    Cluster& cl = r.clusters[static_cast<size_t>(ca)];
    const Edge& e = r.edges[i];
    cl.signal_mask |= e.signal_mask();
    ++internal[static_cast<size_t>(ca)];
    strength_sum[static_cast<size_t>(ca)] += e.strength;
    for (const auto& ev : e.evidence) {
      int64_t t0 = std::min(t.ts_ms[ev.event_a], t.ts_ms[ev.event_b]),
              t1 = std::max(t.ts_ms[ev.event_a], t.ts_ms[ev.event_b]);
      if (!spanned[static_cast<size_t>(ca)]) {
        cl.first_ms = t0;
        cl.last_ms = t1;
        spanned[static_cast<size_t>(ca)] = true;
      }
      cl.first_ms = std::min(cl.first_ms, t0);
      cl.last_ms = std::max(cl.last_ms, t1);
      std::string label = fmt::format("{}: {}", to_string(ev.signal),
                                      item_label(t, r, ev.signal, ev.item, ev.event_a));
      ++item_counts[{static_cast<uint32_t>(ca), std::move(label)}];
    }
  }
  for (size_t c = 0; c < r.clusters.size(); ++c) {
    Cluster& cl = r.clusters[c];
    double n = static_cast<double>(cl.members.size());
    cl.density = internal[c] / (n * (n - 1) / 2);
    cl.score = internal[c] > 0 ? strength_sum[c] / internal[c] : 0;
  }
  for (const auto& [key, count] : item_counts)
    r.clusters[key.first].top_items.emplace_back(key.second, count);
  for (auto& cl : r.clusters) {
    std::stable_sort(cl.top_items.begin(), cl.top_items.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    if (cl.top_items.size() > 10) cl.top_items.resize(10);
  }

  std::vector<AccountFeatures> features = account_features(t, account_of_node);
  for (uint32_t v = 0; v < n_nodes; ++v) {
    FlaggedAccount f;
    f.account = account_of_node[v];
    f.cluster = cluster_of_comm[membership[v]];
    f.score = score[v];
    f.signal_mask = mask[v];
    f.degree = degree[v];
    f.features = features[v];
    r.accounts.push_back(f);
  }
  std::sort(r.accounts.begin(), r.accounts.end(),
            [](const FlaggedAccount& x, const FlaggedAccount& y) {
              return x.score != y.score ? x.score > y.score : x.account < y.account;
            });
}

void add_swarms(CoordResult& r, const store::EventTable& t, const CoordOptions& opt,
                const std::vector<Swarm>& swarms) {
  SignalSummary& sum = r.signals[static_cast<size_t>(Signal::brigade)];
  if (!opt[Signal::brigade].enabled) return;
  // One list of every significant edge, small groups' included (build_network sets them aside
  // again), so that a swarm adds to an existing edge or appends a new one.
  for (auto& e : r.small_group_edges) r.edges.push_back(std::move(e));
  r.small_group_edges.clear();
  std::unordered_map<uint64_t, size_t> index;  // pair -> position in r.edges
  for (size_t i = 0; i < r.edges.size(); ++i)
    index.emplace(uint64_t{r.edges[i].a} << 32 | r.edges[i].b, i);
  auto edge_of = [&](uint64_t key) -> Edge& {
    auto [it, fresh] = index.emplace(key, r.edges.size());
    if (fresh) r.edges.emplace_back();
    return r.edges[it->second];
  };
  // Like a copypasta burst (coord/groups.h), the members' first interactions as evidence.
  GroupPairs pairs;
  std::vector<GroupMember> members;
  for (const Swarm& s : swarms) {
    ++sum.items;
    sum.occurrences += s.members.size();
    members.clear();
    for (const Swarm::Member& m : s.members)
      members.push_back({m.account, m.event, t.ts_ms[m.event]});
    link_group(members, Signal::brigade, s.target, -std::clamp(s.strength, 0.0, 300.0),
               opt.max_neighbours, opt.evidence_per_edge, pairs);
  }
  sum.significant_pairs =
      add_group_pairs(pairs, Signal::brigade, opt[Signal::brigade].weight, edge_of);
  sum.bursts = swarms.size();
  sum.candidate_pairs = sum.tested_pairs = sum.significant_pairs;
  build_network(r, t, opt);
}

}  // namespace lockstep::coord
