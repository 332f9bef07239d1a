#include "coord/audience.h"

#include <algorithm>

namespace lockstep::coord {

Audience::Audience(const std::vector<Occurrence>& occ, int64_t window_ms, size_t n_accounts,
                   const std::vector<uint32_t>& stratum_of_item) {
  struct Hit {
    uint32_t account, stratum;
    double mass;
  };
  std::vector<Hit> hits;
  hits.reserve(occ.size());
  uint32_t n_strata = 0;
  for (size_t begin = 0; begin < occ.size();) {
    size_t end = begin;
    while (end < occ.size() && occ[end].item == occ[begin].item) ++end;
    size_t lo = begin, hi = begin;
    for (size_t i = begin; i < end; ++i) {
      while (occ[i].ts_ms - occ[lo].ts_ms > window_ms) ++lo;
      while (hi < end && occ[hi].ts_ms - occ[i].ts_ms <= window_ms) ++hi;
      const uint32_t s = stratum_of_item[occ[i].item];
      if (s == store::kNone) continue;
      hits.push_back({occ[i].account, s, static_cast<double>(hi - lo - 1)});
      n_strata = std::max(n_strata, s + 1);
    }
    begin = end;
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) {
    return x.account != y.account ? x.account < y.account : x.stratum < y.stratum;
  });
  stratum_occurrences_.assign(n_strata, 0);
  offset_.assign(n_accounts + 1, 0);
  for (const Hit& h : hits) {
    stratum_occurrences_[h.stratum] += 1;
    if (!entries_.empty() && offset_[h.account + 1] != 0 && entries_.back().stratum == h.stratum) {
      entries_.back().occurrences += 1;
      entries_.back().window_mass += h.mass;
    } else {
      entries_.push_back({h.stratum, 1, h.mass});
      offset_[h.account + 1] = entries_.size();  // provisional end; fixed below
    }
  }
  // offset_[a + 1] holds the end of a's entries or 0 when a has none: carry ends forward.
  for (size_t a = 1; a <= n_accounts; ++a) offset_[a] = std::max(offset_[a], offset_[a - 1]);
}

std::vector<uint32_t> Audience::reply_strata(const std::vector<Occurrence>& occ,
                                             const store::EventTable& t) {
  uint32_t n_items = 0;
  for (const Occurrence& o : occ) n_items = std::max(n_items, o.item + 1);
  std::vector<uint32_t> out(n_items, store::kNone);
  for (const Occurrence& o : occ) out[o.item] = t.parent_account[o.event];
  return out;
}

double Audience::expected(uint32_t a, uint32_t b) const {
  if (static_cast<size_t>(std::max(a, b)) + 1 >= offset_.size()) return 0;
  const Entry *x = entries_.data() + offset_[a], *x_end = entries_.data() + offset_[a + 1];
  const Entry *y = entries_.data() + offset_[b], *y_end = entries_.data() + offset_[b + 1];
  double b_given_a = 0, a_given_b = 0;
  while (x != x_end && y != y_end) {
    if (x->stratum < y->stratum) {
      ++x;
    } else if (y->stratum < x->stratum) {
      ++y;
    } else {
      const double all = stratum_occurrences_[x->stratum];
      b_given_a += y->occurrences * x->window_mass / all;
      a_given_b += x->occurrences * y->window_mass / all;
      ++x;
      ++y;
    }
  }
  return std::max(b_given_a, a_given_b);
}

}  // namespace lockstep::coord
