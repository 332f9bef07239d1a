#include "coord/groups.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_set>
#include <vector>

namespace lockstep::coord {

void link_group(std::span<const GroupMember> members, Signal signal, uint32_t item, double log10_p,
                size_t next, size_t evidence_k, GroupPairs& pairs) {
  std::vector<const GroupMember*> firsts;
  std::unordered_set<uint32_t> seen;
  for (const GroupMember& m : members)
    if (seen.insert(m.account).second) firsts.push_back(&m);
  for (size_t i = 0; i < firsts.size(); ++i)
    for (size_t j = i + 1; j < std::min(firsts.size(), i + 1 + next); ++j) {
      const GroupMember *x = firsts[i], *y = firsts[j];
      if (x->account > y->account) std::swap(x, y);
      PairCount& pc = pairs[uint64_t{x->account} << 32 | y->account];
      pc.a = x->account;
      pc.b = y->account;
      ++pc.items;
      pc.weight = std::min(pc.weight, log10_p);  // the strongest group, as log10 p
      if (pc.evidence.size() < evidence_k)
        pc.evidence.push_back({signal, item, x->event, y->event, std::abs(y->ts_ms - x->ts_ms)});
    }
}

}  // namespace lockstep::coord
