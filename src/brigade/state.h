// The detector's state (detector.cpp runs it, checkpoint.cpp saves and restores it).
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "brigade/brigade.h"
#include "brigade/burst.h"
#include "text/text.h"

namespace lockstep::brigade {

struct Hit {
  int64_t ts;
  uint64_t account;
};

// A recent interaction kept in full, so that a burst's members include those that raised it.
struct Detail {
  int64_t ts = 0;
  uint64_t account = 0;
  bool novel = false;
  std::string post_id, text;
};

struct Target {
  std::string label, handle;
  int64_t first_ms = 0, last_ms = 0;
  Baseline baseline;
  std::vector<Hit> window;  // from `head` on: interactions within window_ms
  uint32_t head = 0;
  // The last evidence_per_target interactions within the window (a vector, not a deque: most
  // targets see one or two interactions, and a deque allocates 512 bytes for the first).
  std::vector<Detail> recent;
  uint64_t incident = 0;  // open incident, 0 when none

  uint32_t in_window() const { return static_cast<uint32_t>(window.size() - head); }
};

struct Account {
  std::string id, handle;
  int64_t created_ms = store::kUnknownTime;
  int64_t last_ms = 0;
};

struct PostInfo {
  uint64_t author;
  int64_t ts;
};

// An incident while it is open: the public Incident plus what makes updates cheap.
struct OpenIncident {
  Incident inc;
  uint64_t target = 0;
  size_t alerted_members = 0;                // members when the last alert went out (0: none yet)
  size_t characterised_members = 0;          // members at the last characterisation
  int64_t calm_since = store::kUnknownTime;  // the window rate back to the target's baseline
  std::unordered_map<uint64_t, uint32_t> member_of;  // account key -> index in inc.members
  // Near-duplicate text: MinHash signature per member (eligible ones), LSH band buckets, and a
  // union-find over members with group sizes.
  std::vector<text::MinHashSignature> sig;
  std::vector<bool> has_sig;
  std::unordered_map<uint64_t, std::vector<uint32_t>> bands;
  std::vector<uint32_t> parent, group_size;
};

struct Detector::State {
  BrigadeOptions o;
  ClusterMap clusters;
  text::Normalizer normalizer;
  std::string scratch, key_scratch;

  int64_t now = store::kUnknownTime;
  int64_t last_close_check = store::kUnknownTime, last_sweep = store::kUnknownTime;
  uint64_t events_since_sweep = 0;
  uint64_t next_incident = 1;
  DetectorStats stats;

  std::unordered_map<uint64_t, Target> targets;
  std::unordered_map<uint64_t, Account> accounts;
  std::unordered_map<uint64_t, uint64_t> handles;  // folded handle -> account key
  std::unordered_map<uint64_t, PostInfo> posts;
  std::unordered_map<uint64_t, int64_t> pairs;  // (account, target) -> last interaction
  std::map<uint64_t, OpenIncident> open;        // by incident id: closing order is fixed

  std::vector<Alert> alerts;
  std::vector<Incident> closed;

  explicit State(BrigadeOptions opts, ClusterMap c) : o(opts), clusters(std::move(c)) {}

  void add(const store::PostRecord& r);
  bool tick(int64_t ts);  // counts an event and moves the clock; false when it has no time
  void advance(int64_t t);
  void finish();

  // detector.cpp
  uint64_t author_key(const store::AccountRef& a, bool learn, int64_t ts);
  void interact(uint64_t target, const std::string& label, const std::string& handle,
                uint64_t account, const store::PostRecord& r);
  void open_incident(uint64_t tkey, Target& t, double surprise, double expected_per_hour);
  void add_member(OpenIncident& oi, uint64_t account, int64_t ts, bool novel,
                  std::string_view post_id, std::string_view text);
  void close(OpenIncident& oi);
  void sweep();
  // characterise.cpp
  void characterise(OpenIncident& oi);
  void maybe_alert(OpenIncident& oi);
};

}  // namespace lockstep::brigade
