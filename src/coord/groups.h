// Group evidence: accounts that acted together once — a burst of copied text, a brigade on one
// target — need no repetition to count, so neither the pairwise null nor consistency applies.
// Members, in the order they joined, are each linked to the next `next` members (a clique for most
// groups, a dense band for huge ones), the group's two posts as the pair's evidence. Copypasta
// bursts (coord/bursts.h) and brigades (add_swarms) both go through here.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>

#include "coord/coord.h"
#include "coord/shuffle_reduce.h"

namespace lockstep::coord {

struct GroupMember {
  uint32_t account;
  uint32_t event;  // the member's post in the group (table row)
  int64_t ts_ms;
};

// Pairs linked by the groups so far, by a << 32 | b. Per pair: items = groups shared, weight = the
// strongest group's log10 p, evidence = one post pair per group, up to evidence_k.
using GroupPairs = std::unordered_map<uint64_t, PairCount>;

// Links one group's members (an account's later posts in the group are ignored).
void link_group(std::span<const GroupMember> members, Signal signal, uint32_t item, double log10_p,
                size_t next, size_t evidence_k, GroupPairs& pairs);

// Adds the linked pairs as `signal` edges, `edge_of(key)` giving the edge of a pair (created
// empty when new); pairs whose pairwise test already kept them in `signal` are left as they are.
// Returns the pairs added.
template <class EdgeOf>
size_t add_group_pairs(const GroupPairs& pairs, Signal signal, double signal_weight,
                       EdgeOf&& edge_of) {
  const auto si = static_cast<size_t>(signal);
  size_t added = 0;
  for (const auto& [key, pc] : pairs) {
    Edge& e = edge_of(key);
    if (e.by_signal[si].significant) continue;
    const double log10_p = pc.weight;
    e.a = pc.a;
    e.b = pc.b;
    e.by_signal[si] = {pc.items, static_cast<double>(pc.items), 0, log10_p, true};
    e.weight += signal_weight * pc.items;
    e.strength = std::max(e.strength, std::min(300.0, -log10_p));
    for (const auto& ev : pc.evidence) e.evidence.push_back(ev);
    ++added;
  }
  return added;
}

}  // namespace lockstep::coord
