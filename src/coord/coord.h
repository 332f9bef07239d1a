// coord/ — coordination detection: which accounts act together, how surely, and the evidence.
//
//   signals          each event yields (item, account, time) occurrences per signal: the post it
//                    reposts, its links and domains, hashtags and their sequence, its
//                    near-duplicate text cluster, the post it replies to, the accounts it mentions
//   pair counting    accounts that hit the same item within |dt| <= window (sliding, never binned),
//                    as partition -> shuffle -> reduce over pair hashes
//   significance     co-occurrences beyond a bipartite configuration-model null (Poisson tail),
//                    Benjamini-Hochberg across the pairs tested
//   network          significant edges fused across signals, Leiden communities = campaigns
//   swarms           brigades of the per-target detector (brigade/) join the network (add_swarms)
//
// Everything is a pure function of (EventTable, CoordOptions): no global state.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "store/event_table.h"

namespace lockstep::coord {

enum class Signal : uint8_t {
  co_repost,         // reposted the same post
  co_link,           // shared the same normalised URL
  co_domain,         // linked to the same domain (weak)
  co_hashtag,        // used the same hashtag
  hashtag_sequence,  // used the same ordered sequence of 2+ hashtags
  copypasta,         // posted near-duplicate text
  co_reply,          // replied to the same post
  co_mention,        // mentioned the same account
  co_active,         // posted within seconds of each other, again and again, whatever the content
  brigade,  // swarmed one target together: a brigade of the per-target detector (add_swarms)
  count_
};
inline constexpr size_t kSignals = static_cast<size_t>(Signal::count_);
const char* to_string(Signal s);

struct SignalOptions {
  bool enabled = true;
  int64_t window_ms = 60'000;  // co-occurrences count when |dt| <= window
  uint32_t min_items = 2;      // distinct shared items before a pair is tested
  double weight = 1.0;         // multiplier in the fused network
};

struct CoordOptions {
  std::array<SignalOptions, kSignals> signals;
  double fdr = 0.01;  // Benjamini-Hochberg FDR per signal, over all pairs of active accounts
  // An edge also needs consistency: its co-occurrences over the geometric mean of the two accounts'
  // occurrences in that signal (the cosine of their activity vectors, as in Pacheco et al. 2021).
  // Fans of one celebrity each repost a fifth of its posts and meet on a few of them, more often
  // than chance allows; coordinated accounts act together as a rule.
  double min_consistency = 0.3;
  uint32_t max_neighbours = 64;    // per occurrence, pairs with at most this many later ones
  double copypasta_jaccard = 0.7;  // near-duplicate threshold on character 5-gram sets
  // Texts with fewer letters than this, links, mentions and emoji aside, are not copypasta: a
  // thousand fans answering "@star omg yes, sending love 👀👀" share a cheer, not a message.
  uint32_t copypasta_min_letters = 25;
  double leiden_resolution = 1.0;
  uint32_t min_cluster_size = 2;
  // Accounts are flagged only inside a connected group of significant edges of at least this many
  // accounts. An isolated pair is most often two super-fans of the same star who both repost or
  // answer it within minutes, every time: significant, consistent, and organic. A campaign needs
  // a third account; its pairs' edges stay in the network of larger groups.
  uint32_t min_group_size = 3;
  uint32_t evidence_per_edge = 5;      // sample co-occurrences kept per edge and signal
  uint32_t co_active_min_events = 20;  // synchronised activity needs repetition to mean anything
  // Near-identical text posted by at least this many distinct accounts within burst_window_ms, far
  // beyond the text's rate over the data, links them even when no pair repeats (coord/bursts.h);
  // 0: off. The window is short: a pasted slogan trickles in over hours, a campaign's wave lands in
  // minutes.
  uint32_t burst_min_accounts = 10;
  int64_t burst_window_ms = 300'000;
  // A burst is measured against the text's own rate this long before and after it (coord/bursts.h).
  int64_t burst_context_ms = 6 * 3'600'000;
  // Estimate each signal's window from the data instead (CooRnet's method): among items shared by
  // at least 5 accounts, the time each needs to reach half of its occurrences; the window is the
  // `estimate_quantile` quantile of those times (the quickest spread), clamped to [1 s, 1 day].
  bool estimate_windows = false;
  double estimate_quantile = 0.1;
  uint64_t seed = 42;

  CoordOptions();
  SignalOptions& operator[](Signal s) { return signals[static_cast<size_t>(s)]; }
  const SignalOptions& operator[](Signal s) const { return signals[static_cast<size_t>(s)]; }
};

// One concrete co-occurrence an analyst can check by hand.
struct Evidence {
  Signal signal;
  uint32_t item;              // id in the signal's item space (see item_label)
  uint32_t event_a, event_b;  // rows of the EventTable
  int64_t dt_ms;              // |t_a - t_b|
};

struct SignalStats {
  uint32_t items = 0;   // distinct items co-shared within the window
  double weight = 0;    // sum of the items' idf
  double expected = 0;  // items expected under the null model
  double log10_p = 0;   // log10 of the Poisson tail P(X >= items)
  bool significant = false;
};

struct Edge {
  uint32_t a, b;  // account ids, a < b
  std::array<SignalStats, kSignals> by_signal;
  double weight = 0;    // fused: sum of significant signals' weight * option weight
  double strength = 0;  // max over significant signals of -log10 p
  std::vector<Evidence> evidence;
  uint32_t signal_mask() const;
};

struct AccountFeatures {
  uint32_t events = 0;
  double posts_per_day = 0;
  double repost_share = 0;
  double hour_entropy = 0;       // bits, 0..log2(24): low = bot-like regularity
  double account_age_days = -1;  // at first event; -1 unknown
  bool digits_handle = false;    // handle like name12345678
};

struct Cluster {
  uint32_t id;
  std::vector<uint32_t> members;  // account ids
  uint32_t signal_mask = 0;
  int64_t first_ms = 0, last_ms = 0;  // span of the evidence
  double score = 0;                   // mean strength of internal edges
  double density = 0;                 // internal significant edges / possible pairs
  std::vector<std::pair<std::string, uint32_t>> top_items;  // "signal:label" -> times in evidence
};

struct FlaggedAccount {
  uint32_t account;
  int32_t cluster = -1;
  double score = 0;  // strongest edge's -log10 p
  uint32_t signal_mask = 0;
  uint32_t degree = 0;
  AccountFeatures features;
};

struct SignalSummary {
  int64_t window_ms = 0;  // the window used (given or estimated)
  double seconds = 0;     // time spent on this signal
  bool window_estimated = false;
  uint64_t occurrences = 0, items = 0, candidate_pairs = 0, tested_pairs = 0, significant_pairs = 0;
  uint64_t inconsistent_pairs = 0;  // significant, but below min_consistency
  uint64_t bursts = 0;              // significant group bursts (copypasta)
  double log10_p_threshold = 0;
};

struct CoordResult {
  std::vector<Edge> edges;  // significant edges of flagged groups, sorted by (a, b)
  // Significant edges of connected groups below min_group_size: not flagged, kept so that edges
  // added later (add_swarms) can join them to a group.
  std::vector<Edge> small_group_edges;
  std::vector<Cluster> clusters;
  std::vector<FlaggedAccount> accounts;  // sorted by score, descending
  std::array<SignalSummary, kSignals> signals;
  uint32_t text_clusters = 0;  // near-duplicate groups found
  uint32_t small_groups = 0;   // connected groups below min_group_size, not flagged
  double seconds = 0, text_seconds = 0, community_seconds = 0;
  // Copypasta item -> one text of the cluster (for labels); other signals label from the table.
  std::vector<uint32_t> copypasta_exemplar;  // text id per copypasta item
};

CoordResult analyze(const store::EventTable& table, const CoordOptions& options);

// A coordinated swarm on one target found by another detector (brigade/): its members took part
// together, which needs no repetition to count.
struct Swarm {
  struct Member {
    uint32_t account;  // account id of the table
    uint32_t event;    // its first interaction with the target (table row)
  };
  uint32_t target = store::kNone;  // account id of the target, kNone when not in the table
  double strength = 0;             // -log10 p of the burst against the target's own baseline
  std::vector<Member> members;     // in joining order
};

// Adds the swarms to the network as the `brigade` signal (when enabled): each member linked to the
// next max_neighbours members, the two interactions as evidence; then groups, communities and
// flagged accounts are rebuilt.
void add_swarms(CoordResult& result, const store::EventTable& table, const CoordOptions& options,
                const std::vector<Swarm>& swarms);

// Human-readable label of an item of a signal ("https://...", "#tag", "post 123", "@handle").
// `event` is one event that holds the item (hashtag sequences are labelled from it).
std::string item_label(const store::EventTable& t, const CoordResult& r, Signal s, uint32_t item,
                       uint32_t event);

std::string signal_names(uint32_t mask);  // "co_repost;copypasta"

}  // namespace lockstep::coord
