// The coordination pipeline: signals -> windowed pair counts -> significance -> fused network ->
// the network stage (coord/network.cpp): communities, flagged accounts, features and evidence.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "coord/audience.h"
#include "coord/bursts.h"
#include "coord/communities.h"
#include "coord/coord.h"
#include "coord/groups.h"
#include "coord/near_duplicates.h"
#include "coord/occurrences.h"
#include "coord/pair_counter.h"
#include "coord/significance.h"
#include "coord/sync.h"

namespace lockstep::coord {

namespace {

constexpr std::array<const char*, kSignals> kSignalNames = {
    "co_repost", "co_link",  "co_domain",  "co_hashtag", "hashtag_sequence",
    "copypasta", "co_reply", "co_mention", "co_active",  "brigade"};

}  // namespace

const char* to_string(Signal s) {
  return kSignalNames[static_cast<size_t>(s)];
}

std::string signal_names(uint32_t mask) {
  std::string out;
  for (size_t s = 0; s < kSignals; ++s)
    if (mask & (1u << s)) out += (out.empty() ? "" : ";") + std::string(kSignalNames[s]);
  return out;
}

uint32_t Edge::signal_mask() const {
  uint32_t m = 0;
  for (size_t s = 0; s < kSignals; ++s)
    if (by_signal[s].significant) m |= 1u << s;
  return m;
}

// Default windows follow the tools analysts know (CooRTweet, the QUT toolkit, Pacheco et al.):
// reposts within a minute; links, replies and mentions within minutes; copied text within an hour.
CoordOptions::CoordOptions() {
  (*this)[Signal::co_repost].window_ms = 60'000;
  (*this)[Signal::co_link].window_ms = 300'000;
  (*this)[Signal::co_domain].window_ms = 60'000;
  (*this)[Signal::co_domain].weight = 0.25;  // many honest accounts link the same big outlets
  (*this)[Signal::co_domain].min_items = 3;
  (*this)[Signal::co_hashtag].window_ms = 300'000;
  (*this)[Signal::co_hashtag].weight = 0.5;
  (*this)[Signal::co_hashtag].min_items = 3;
  (*this)[Signal::hashtag_sequence].window_ms = 3'600'000;
  (*this)[Signal::copypasta].window_ms = 3'600'000;
  (*this)[Signal::co_reply].window_ms = 600'000;
  (*this)[Signal::co_mention].window_ms = 600'000;
  // Posting within 10 s of each other, repeatedly. Needs many coincidences: organic accounts that
  // are awake at the same hours meet by chance, and the null model only partly knows their rhythm.
  (*this)[Signal::co_active].window_ms = 10'000;
  (*this)[Signal::co_active].min_items = 5;
  (*this)[Signal::co_active].weight = 0.5;
  // The brigade detector's own window (BrigadeOptions); one swarm is evidence enough.
  (*this)[Signal::brigade].window_ms = 300'000;
  (*this)[Signal::brigade].min_items = 1;
}

std::string item_label(const store::EventTable& t, const CoordResult& r, Signal s, uint32_t item,
                       uint32_t event) {
  switch (s) {
    case Signal::co_repost:
    case Signal::co_reply:
      return fmt::format("post {}", t.post_ids[item]);
    case Signal::co_link:
      return std::string(t.urls[item]);
    case Signal::co_domain:
      return std::string(t.domains[item]);
    case Signal::co_hashtag:
      return fmt::format("#{}", t.hashtags[item]);
    case Signal::hashtag_sequence: {
      std::string out;
      for (uint32_t h : t.hashtags_of(event))
        out += (out.empty() ? "#" : " #") + std::string(t.hashtags[h]);
      return out;
    }
    case Signal::copypasta: {
      uint32_t text =
          item < r.copypasta_exemplar.size() ? r.copypasta_exemplar[item] : store::kNone;
      if (text == store::kNone) return fmt::format("text cluster {}", item);
      std::string_view s = t.texts[text];
      if (s.size() <= 100) return std::string(s);
      size_t cut = 100;
      while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;  // keep UTF-8 whole
      return std::string(s.substr(0, cut)) + "…";
    }
    case Signal::co_active:
      return fmt::format("activity at {}", t.post_ids[t.post[item]]);
    case Signal::co_mention:
    case Signal::brigade: {
      if (item == store::kNone) return "a target";
      auto h = t.account_handles[item];
      return h.empty() ? fmt::format("@{}", t.account_ids[item]) : fmt::format("@{}", h);
    }
    case Signal::count_:
      break;
  }
  return {};
}

CoordResult analyze(const store::EventTable& t, const CoordOptions& opt) {
  auto start = std::chrono::steady_clock::now();
  CoordResult r;
  const size_t n_accounts = t.account_count();

  TextClusters texts;
  if (opt[Signal::copypasta].enabled) {
    texts = cluster_near_duplicates(t, opt.copypasta_jaccard, opt.copypasta_min_letters, opt.seed);
  } else {
    texts.item_of_event.assign(t.size(), store::kNone);
  }
  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  r.text_seconds = since(start);
  r.copypasta_exemplar = texts.exemplar_text;
  r.text_clusters = texts.multi_text_clusters;
  OccurrenceLists occ = collect_occurrences(t, opt, texts.item_of_event);
  std::vector<uint32_t>().swap(texts.item_of_event);

  std::unordered_map<uint64_t, Edge> edges;
  for (size_t si = 0; si < kSignals; ++si) {
    auto signal = static_cast<Signal>(si);
    const SignalOptions& so = opt.signals[si];
    if (!so.enabled || signal == Signal::brigade) continue;  // brigades come from add_swarms
    SignalSummary& sum = r.signals[si];
    auto signal_start = std::chrono::steady_clock::now();
    std::vector<PairCount> pairs;
    std::vector<double> expected, consistency;
    std::vector<double> audience_log10_p;  // co_reply: the audience null's two tests
    std::vector<Burst> bursts;
    GroupPairs burst_pairs;  // copypasta bursts (coord/groups.h)
    auto link_burst = [&](const Burst& b) {
      std::vector<GroupMember> members;
      for (uint32_t k = b.begin; k < b.end; ++k)
        members.push_back({occ[si][k].account, occ[si][k].event, occ[si][k].ts_ms});
      link_group(members, signal, b.item, b.log10_p, opt.max_neighbours, opt.evidence_per_edge,
                 burst_pairs);
    };
    double active = 0;  // accounts that could form pairs: the multiple-testing universe
    sum.window_ms = so.window_ms;
    if (signal == Signal::co_active) {
      SyncPairs sync = sync_pairs(t, so.window_ms, opt.max_neighbours, opt.co_active_min_events,
                                  so.min_items, opt.evidence_per_edge);
      pairs = std::move(sync.pairs);
      expected = std::move(sync.expected);
      consistency = std::move(sync.consistency);
      sum.occurrences = sync.occurrences;
      active = sync.eligible_accounts;
      sum.window_ms = sync.window_ms;
    } else {
      sum.occurrences = occ[si].size();
      sort_by_item_and_time(occ[si]);
      if (opt.estimate_windows) {
        if (auto w = estimate_window(occ[si], opt.estimate_quantile)) {
          sum.window_ms = *w;
          sum.window_estimated = true;
        }
      }
      ItemStats stats = item_stats(occ[si], n_accounts, sum.window_ms);
      sum.items = stats.items;
      ShuffleOptions shuffle{signal, sum.window_ms, so.min_items, opt.evidence_per_edge};
      std::optional<Audience> audience;
      std::vector<uint32_t> strata;
      if (signal == Signal::co_reply) {
        strata = Audience::reply_strata(occ[si], t);
        audience.emplace(occ[si], sum.window_ms, n_accounts, strata);
      }
      pairs = count_pairs(occ[si], stats, opt.max_neighbours, shuffle, nullptr,
                          audience ? &strata : nullptr);
      if (signal == Signal::copypasta && opt.burst_min_accounts > 0 && t.size() > 0) {
        bursts = find_bursts(occ[si], opt.burst_window_ms, t.ts_ms[t.size() - 1] - t.ts_ms[0],
                             opt.burst_context_ms, opt.burst_min_accounts, opt.fdr);
        sum.bursts = bursts.size();
        for (const Burst& b : bursts) link_burst(b);
      }
      std::vector<Occurrence>().swap(occ[si]);
      const double o = static_cast<double>(stats.occurrences);
      expected.resize(pairs.size());
      consistency.resize(pairs.size());
      if (audience) audience_log10_p.resize(pairs.size());
      for (size_t i = 0; i < pairs.size(); ++i) {
        const auto& pc = pairs[i];
        consistency[i] =
            pc.items / std::sqrt(static_cast<double>(stats.occurrences_of_account[pc.a]) *
                                 static_cast<double>(stats.occurrences_of_account[pc.b]));
        double b_given_a = stats.occurrences_of_account[pc.b] * stats.window_mass[pc.a];
        double a_given_b = stats.occurrences_of_account[pc.a] * stats.window_mass[pc.b];
        expected[i] = o > 0 ? std::max(b_given_a, a_given_b) / o : 0;
        if (audience) {
          // Either test may pass; log10(2) is the Bonferroni price of asking twice.
          const double global = expected[i];
          expected[i] = std::max(global, audience->expected(pc.a, pc.b));
          audience_log10_p[i] =
              std::min(0.0, std::log10(2.0) + std::min(log10_poisson_tail(pc.items, expected[i]),
                                                       log10_poisson_tail(pc.strata, global)));
        }
      }
      active = stats.active_accounts;
    }
    sum.candidate_pairs = pairs.size();
    std::vector<double> log10_p(pairs.size());
    for (size_t i = 0; i < pairs.size(); ++i)
      log10_p[i] = audience_log10_p.empty() ? log10_poisson_tail(pairs[i].items, expected[i])
                                            : audience_log10_p[i];
    sum.tested_pairs = pairs.size();
    sum.log10_p_threshold = bh_threshold(log10_p, opt.fdr, active * (active - 1) / 2);
    for (size_t i = 0; i < pairs.size(); ++i) {
      auto& pc = pairs[i];
      if (pc.items < so.min_items || log10_p[i] > sum.log10_p_threshold) continue;
      ++sum.significant_pairs;
      if (consistency[i] < opt.min_consistency) {
        ++sum.inconsistent_pairs;
        continue;
      }
      uint64_t key = (uint64_t{pc.a} << 32) | pc.b;
      Edge& e = edges[key];
      e.a = pc.a;
      e.b = pc.b;
      e.by_signal[si] = {pc.items, pc.weight, expected[i], log10_p[i], true};
      e.weight += so.weight * pc.weight;
      e.strength = std::max(e.strength, std::min(300.0, -log10_p[i]));
      for (auto& ev : pc.evidence) e.evidence.push_back(ev);
    }
    add_group_pairs(burst_pairs, signal, so.weight,
                    [&](uint64_t key) -> Edge& { return edges[key]; });
    sum.seconds = since(signal_start);
  }
  r.edges.reserve(edges.size());
  for (auto& [key, e] : edges) r.edges.push_back(std::move(e));
  build_network(r, t, opt);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace lockstep::coord
