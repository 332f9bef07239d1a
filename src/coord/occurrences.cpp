#include "coord/occurrences.h"

#include <algorithm>

#include "base/flat_map.h"
#include "base/hash.h"

namespace lockstep::coord {

using store::EventKind;
using store::kNone;

OccurrenceLists collect_occurrences(const store::EventTable& t, const CoordOptions& options,
                                    const std::vector<uint32_t>& text_item) {
  OccurrenceLists out;
  auto on = [&](Signal s) { return options[s].enabled; };
  auto add = [&](Signal s, uint32_t item, size_t e) {
    out[static_cast<size_t>(s)].push_back(
        {item, t.account[e], t.ts_ms[e], static_cast<uint32_t>(e)});
  };
  FlatMap64 sequences;  // hashtag sequence hash -> item id
  std::vector<uint32_t> domains;
  for (size_t e = 0; e < t.size(); ++e) {
    auto kind = t.kind_of(e);
    uint32_t parent = t.parent_post[e];
    if (kind == EventKind::repost && parent != kNone && on(Signal::co_repost))
      add(Signal::co_repost, parent, e);
    if (kind == EventKind::reply && parent != kNone && on(Signal::co_reply))
      add(Signal::co_reply, parent, e);
    // A repost carries the original's links and tags: counting them again would credit the
    // reposters twice for one act, so entity signals look at original posts, replies and quotes.
    if (kind == EventKind::repost) continue;
    auto urls = t.urls_of(e);
    if (on(Signal::co_link))
      for (uint32_t u : urls) add(Signal::co_link, u, e);
    if (on(Signal::co_domain)) {
      domains.clear();
      for (uint32_t u : urls) {
        uint32_t d = t.url_domain[u];
        if (d != kNone && std::find(domains.begin(), domains.end(), d) == domains.end())
          domains.push_back(d);
      }
      for (uint32_t d : domains) add(Signal::co_domain, d, e);
    }
    auto tags = t.hashtags_of(e);
    if (on(Signal::co_hashtag))
      for (uint32_t h : tags) add(Signal::co_hashtag, h, e);
    if (on(Signal::hashtag_sequence) && tags.size() >= 2) {
      uint64_t h = 0x51ed27;
      for (uint32_t tag : tags) h = hash_u64(h ^ tag);
      h &= ~(uint64_t{1} << 63);  // keep clear of the map's empty key
      add(Signal::hashtag_sequence, sequences.insert(h, static_cast<uint32_t>(sequences.size())),
          e);
    }
    // A reply's mention of the account it answers is the reply itself, which co_reply measures;
    // co_mention is about naming third parties.
    if (on(Signal::co_mention))
      for (uint32_t m : t.mentions_of(e))
        if (m != t.account[e] && !(kind == EventKind::reply && m == t.parent_account[e]))
          add(Signal::co_mention, m, e);
    if (on(Signal::copypasta) && text_item[e] != kNone) add(Signal::copypasta, text_item[e], e);
  }
  return out;
}

}  // namespace lockstep::coord
