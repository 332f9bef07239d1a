// The audience null for co_reply: replies are conversation, and conversation concentrates on the
// few accounts one talks to. Two fans who answer most of a star's posts meet under post after
// post; the global null (coord/pair_counter.h: b's occurrences placed anywhere among all replies)
// calls that coordination. Here b's replies to star S are placed at random only among the replies
// to S's posts, keeping each occurrence's local time density:
//
//   lambda_audience(b|a) = sum over S of o_b(S) * m_a(S) / O(S)
//
// where o_b(S) is b's replies to S, m_a(S) the sum over a's replies to S of the other replies to
// the same post within the window, and O(S) all replies to S. A pair is tested against
// max(global, audience): it must meet more than either explains. Accounts that answer many
// authors together (a reply ring working through a list of targets) still beat it; a swarm on one
// quiet target does not, since the swarm is that target's whole audience, which is why swarms are
// the per-target brigade detector's business (brigade/), whose brigades join the network.
//
// That alone would also excuse a ring that answers one post each of forty authors: within each
// author's audience they are expected to meet. What gives the ring away is choosing the same
// authors, forty times. So co_reply has a second test, on the distinct authors a pair met under
// (PairCount::strata) against the global null (a conservative bound: distinct authors met cannot
// exceed the episodes), and a pair counts when either test passes (Bonferroni over the two).
#pragma once

#include <cstdint>
#include <vector>

#include "coord/occurrences.h"
#include "store/event_table.h"

namespace lockstep::coord {

class Audience {
 public:
  // `occ_sorted`: one signal's occurrences sorted by (item, time); `stratum_of_item`: the stratum
  // of each item (for co_reply, the author replied to), store::kNone when unknown.
  Audience(const std::vector<Occurrence>& occ_sorted, int64_t window_ms, size_t n_accounts,
           const std::vector<uint32_t>& stratum_of_item);

  // For co_reply: the author of each replied-to post, from the replies themselves.
  static std::vector<uint32_t> reply_strata(const std::vector<Occurrence>& occ,
                                            const store::EventTable& t);

  // max(lambda_audience(b|a), lambda_audience(a|b)).
  double expected(uint32_t a, uint32_t b) const;

 private:
  struct Entry {
    uint32_t stratum;
    uint32_t occurrences;  // o_a(S)
    double window_mass;    // m_a(S)
  };
  std::vector<uint64_t> offset_;  // per account, into entries_ (sorted by stratum)
  std::vector<Entry> entries_;
  std::vector<double> stratum_occurrences_;  // O(S), indexed by stratum
};

}  // namespace lockstep::coord
