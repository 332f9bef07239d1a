// brigade/ — dogpiles as they happen: per-target burst detection and incident characterisation,
// over a live stream (`lockstep watch`) or a stored event table (`lockstep analyze`).
//
//   Detector      fed events in time order. Every reply, quote or mention is an interaction with
//                 a target (the account answered or mentioned; the post itself when its author is
//                 unknown). Per target: interactions in a sliding window against the target's own
//                 baseline rate (EWMA), scored as a Poisson surprise; a burst opens an incident,
//                 which grows while interactions keep coming and closes after a quiet spell.
//                 Each incident is characterised (distinct accounts, share new to the target,
//                 account ages and fresh accounts, near-duplicate text, coordinated clusters from
//                 an earlier analyze, arrival synchrony) into a coordination score; it is a
//                 brigade only when coordinated, so organic pile-ons and fan bursts are not.
//                 State of idle targets, accounts and posts expires: memory stays bounded.
//   detect        the same detector over a whole EventTable.
//   outputs       brigades.csv rows, alert JSON lines, block lists (CSV and a Bluesky mod list).
//   checkpoints   the detector's whole state as bytes, for crash-safe resumption.
//
// docs/brigades.md describes the statistic, thresholds and formats. No global state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "coord/coord.h"
#include "store/event_table.h"
#include "store/record.h"

namespace lockstep::brigade {

struct BrigadeOptions {
  // --- burst
  int64_t window_ms = 5 * 60'000;           // sliding window of incoming interactions
  int64_t baseline_tau_ms = 6 * 3'600'000;  // time constant of the target's EWMA rate
  double prior_per_hour = 1.0;              // floor of any target's baseline rate
  uint32_t min_events = 5;                  // interactions in the window before a burst can open
  double open_surprise = 6.0;               // -log10 P(window count | baseline) to open
  int64_t quiet_ms = 10 * 60'000;           // an incident closes after this long without a hit,
  double close_surprise = 2.0;              // or this long with its window this unremarkable
  // --- coordination
  double brigade_threshold = 0.5;  // coordination score from which an incident is a brigade
  uint32_t min_accounts = 5;       // distinct accounts a brigade needs
  double member_threshold = 0.5;   // member score for brigades.csv and block lists
  int64_t fresh_age_ms = int64_t{90} * 86'400'000;  // younger accounts count as fresh
  double fresh_base_share = 0.1;                    // share of fresh accounts that is unremarkable
  double duplicate_jaccard = 0.5;                   // near-duplicate reply text (5-gram Jaccard)
  uint32_t duplicate_min_letters = 20;  // replies with fewer letters ("lol 😂😂") are not compared
  uint32_t duplicate_min_group = 3;     // a copypasta needs this many accounts
  int64_t sync_ms = 60'000;  // arrival synchrony: share arriving in the busiest such span
  // --- bounded memory
  int64_t target_expiry_ms = 24 * 3'600'000;         // idle targets are forgotten
  int64_t history_ms = int64_t{7} * 86'400'000;      // "interacted with the target before" horizon
  int64_t post_memory_ms = int64_t{2} * 86'400'000;  // post -> author, to resolve replies
  uint32_t evidence_per_target = 64;                 // recent interactions kept in full per target
  uint32_t max_members = 20000;                      // members kept per incident (all are counted)
  uint64_t seed = 42;                                // MinHash
};

// Accounts of coordinated clusters from an earlier `lockstep analyze` (account id -> cluster).
using ClusterMap = std::unordered_map<std::string, int32_t>;
// Reads DIR/accounts.csv (account_id,cluster_id,...); throws UsageError when unreadable.
ClusterMap load_clusters(const std::filesystem::path& accounts_csv);

struct Member {
  std::string account_id, handle;
  int64_t first_ms = 0, last_ms = 0;
  uint32_t events = 0;
  int64_t created_ms = store::kUnknownTime;
  bool novel = false;              // had not interacted with the target within history_ms
  bool fresh = false;              // account younger than fresh_age_ms at its first hit
  bool duplicate = false;          // its reply is in a near-duplicate group of the incident
  int32_t cluster = -1;            // cluster from the earlier analyze, -1 when none
  bool in_shared_cluster = false;  // that cluster holds other members of the incident too
  double score = 0;                // how surely this account took part in a coordinated attack
  std::string post_id, text;       // its first interaction
};

struct Incident {
  uint64_t id = 0;            // 1, 2, ... in order of opening
  std::string target;         // account id, "@handle" when only the handle is known, "post:ID"
  std::string target_handle;  // when known
  int64_t start_ms = 0;       // first interaction of the burst's window
  int64_t opened_ms = 0;      // when the burst was recognised
  int64_t last_ms = 0;        // latest interaction
  int64_t alert_ms = store::kUnknownTime;  // first flagged as a brigade
  bool closed = false;
  uint64_t events = 0;           // interactions with the target during the incident
  uint32_t accounts = 0;         // distinct accounts among them
  double burst_score = 0;        // peak -log10 P(window count | baseline)
  uint32_t peak_window = 0;      // most interactions in one window
  double baseline_per_hour = 0;  // the target's own rate when the burst opened
  double novel_share = 0, fresh_share = -1, duplicate_share = 0, cluster_share = 0, synchrony = 0;
  double median_age_days = -1;  // -1: no creation dates in the input
  double coordination = 0;
  bool brigade = false;
  std::vector<Member> members;  // by first interaction
};

enum class AlertKind { opened, grew, closed };
const char* to_string(AlertKind k);

struct Alert {
  AlertKind kind;
  int64_t at_ms;      // stream time of the alert
  Incident incident;  // as it stood then
};

struct DetectorStats {
  uint64_t events = 0, interactions = 0, late = 0;
  uint64_t incidents = 0, brigades = 0;
  size_t targets = 0, accounts = 0, posts = 0, pairs = 0, open_incidents = 0;
  int64_t now_ms = store::kUnknownTime;
};

class Detector {
 public:
  explicit Detector(BrigadeOptions options, ClusterMap clusters = {});
  ~Detector();
  Detector(Detector&&) noexcept;
  Detector& operator=(Detector&&) noexcept;

  // One event, in time order (a late event counts at the detector's current time).
  void add(const store::PostRecord& r);
  // Stream time passes without events: incidents quiet for long enough close.
  void advance(int64_t now_ms);
  // An event that answers and mentions nobody (a post or a repost) whose accounts and parent the
  // caller has already resolved (an EventTable does): it only moves the clock and counts, as
  // add() would, without remembering its author and post for later resolution.
  void pass(int64_t ts_ms);
  // End of input: every open incident closes.
  void finish();

  // Alerts raised since the last call: a brigade recognised, grown by half, closed.
  std::vector<Alert> take_alerts();
  // Closed incidents since the last call, brigades or not.
  std::vector<Incident> take_closed();

  DetectorStats stats() const;
  const BrigadeOptions& options() const;

  // The whole state as bytes (versioned, checksummed) and back. restore throws IoError on a
  // damaged or foreign checkpoint.
  std::string checkpoint() const;
  static Detector restore(std::string_view bytes, BrigadeOptions options, ClusterMap clusters);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// The detector over a whole table, in time order; every incident once closed. `stats`, when
// given, is the detector's state after the last event (before open incidents are closed).
std::vector<Incident> detect(const store::EventTable& table, const BrigadeOptions& options,
                             const ClusterMap& clusters, DetectorStats* stats = nullptr);

// Scores an incident again with clusters that were not known while it was detected (analyze
// finds them in the same run): members' clusters, shares, coordination, the brigade flag. An
// incident that becomes a brigade only now gets its last interaction as alert time.
void rescore(Incident& incident, const ClusterMap& clusters, const BrigadeOptions& options);

// analyze's whole pass over a table: the coordination signals (coord::analyze) and, on a second
// thread, brigades over the same history, then rescored with the clusters just found; the members
// of each brigade at or above the member threshold join the network as swarms (coord::add_swarms).
// Brigade members the pairwise signals miss (a brigade that strikes once, without copied text) are
// flagged this way, with their interactions as evidence. When the `brigade` signal is off
// (`--signals` without it), the detector does not run and `incidents` is empty.
struct Analysis {
  coord::CoordResult coord;
  std::vector<Incident> incidents;  // every incident, brigades or not
};
Analysis analyze(const store::EventTable& table, const coord::CoordOptions& coord_options,
                 const BrigadeOptions& options);

// The brigades among `incidents` as swarms of the table's accounts and events.
std::vector<coord::Swarm> swarms_of(const store::EventTable& table,
                                    const std::vector<Incident>& incidents,
                                    double member_threshold);

// --- outputs -------------------------------------------------------------------------------

// brigades.csv: header, then one row per member at or above member_threshold of each brigade.
std::string brigades_csv_header();
std::string brigade_rows(const Incident& incident, double member_threshold);  // "" if no brigade
void write_brigades_csv(const std::filesystem::path& path, const std::vector<Incident>& incidents,
                        double member_threshold);

// One alert as a JSON line (without the newline): target, window, counts, scores, top evidence.
std::string alert_json(const Alert& alert, size_t evidence = 10);

// Block lists of a brigade: accounts at or above member_threshold, never the target.
std::string blocklist_csv(const Incident& incident, double member_threshold);
// A Bluesky moderation list: an app.bsky.graph.list record (purpose
// app.bsky.graph.defs#modlist) and one app.bsky.graph.listitem record per account, ready for
// com.atproto.repo.createRecord. `list_uri` is the at:// URI the list will have.
std::string blocklist_bluesky_json(const Incident& incident, double member_threshold,
                                   std::string_view list_uri);

}  // namespace lockstep::brigade
