#include "coord/near_duplicates.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <numeric>

#include "base/hash.h"
#include "text/text.h"

namespace lockstep::coord {

namespace {

constexpr int kBins = text::kMinHashBins;
constexpr int kBands = 16;  // 16 bands x 4 rows: pairs above ~0.5 Jaccard become candidates
constexpr int kRows = kBins / kBands;
using Signature = text::MinHashSignature;
using text::strip_links;

Signature minhash(std::string_view s, uint64_t seed) {
  return text::minhash_signature(s, seed);
}
double similarity(const Signature& a, const Signature& b) {
  return text::minhash_similarity(a, b);
}

struct UnionFind {
  std::vector<uint32_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  uint32_t find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  bool unite(uint32_t a, uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    if (a > b) std::swap(a, b);
    parent[b] = a;
    return true;
  }
};

}  // namespace

double estimate_jaccard(std::string_view a, std::string_view b, uint64_t seed) {
  return similarity(minhash(strip_links(a), seed), minhash(strip_links(b), seed));
}

TextClusters cluster_near_duplicates(const store::EventTable& t, double jaccard, uint32_t min_chars,
                                     uint64_t seed) {
  TextClusters out;
  out.item_of_event.assign(t.size(), store::kNone);
  // Eligible keys: texts of original posts, replies and quotes that are long enough to mean
  // something. Reposts copy text by construction and are left to co_repost.
  const size_t n_keys = t.text_keys.size();
  std::vector<uint32_t> slot(n_keys, store::kNone);  // key -> dense index
  std::vector<uint32_t> keys;
  std::vector<std::string> stripped;
  for (size_t e = 0; e < t.size(); ++e) {
    if (t.text[e] == store::kNone || t.kind_of(e) == store::EventKind::repost) continue;
    uint32_t k = t.text_key[t.text[e]];
    if (slot[k] != store::kNone) continue;
    std::string s = strip_links(t.text_keys[k]);
    if (s.size() < min_chars) continue;
    slot[k] = static_cast<uint32_t>(keys.size());
    keys.push_back(k);
    stripped.push_back(std::move(s));
  }
  std::vector<Signature> sigs(keys.size());
  tbb::parallel_for(size_t{0}, keys.size(),
                    [&](size_t i) { sigs[i] = minhash(stripped[i], seed); });
  stripped.clear();
  stripped.shrink_to_fit();

  UnionFind uf(keys.size());
  std::vector<std::pair<uint64_t, uint32_t>> buckets(keys.size());
  for (int band = 0; band < kBands; ++band) {
    for (uint32_t i = 0; i < keys.size(); ++i) {
      const uint32_t* rows = sigs[i].data() + band * kRows;
      uint64_t h = hash_bytes(
          std::string_view(reinterpret_cast<const char*>(rows), kRows * sizeof(uint32_t)),
          static_cast<uint64_t>(band));
      buckets[i] = {h, i};
    }
    std::sort(buckets.begin(), buckets.end());
    // Within a bucket compare each text with the bucket's first and with its predecessor: linear in
    // the bucket size, and enough to join a family of variants of one original.
    for (size_t i = 0; i < buckets.size();) {
      size_t j = i + 1;
      while (j < buckets.size() && buckets[j].first == buckets[i].first) ++j;
      for (size_t k = i + 1; k < j; ++k) {
        uint32_t x = buckets[k].second;
        if (similarity(sigs[buckets[i].second], sigs[x]) >= jaccard) uf.unite(buckets[i].second, x);
        if (k > i + 1 && similarity(sigs[buckets[k - 1].second], sigs[x]) >= jaccard)
          uf.unite(buckets[k - 1].second, x);
      }
      i = j;
    }
  }
  // Dense cluster ids.
  std::vector<uint32_t> cluster(keys.size(), store::kNone);
  std::vector<uint32_t> size_in_texts;
  for (uint32_t i = 0; i < keys.size(); ++i) {
    uint32_t root = uf.find(i);
    if (cluster[root] == store::kNone) {
      cluster[root] = static_cast<uint32_t>(size_in_texts.size());
      size_in_texts.push_back(0);
      out.exemplar_text.push_back(store::kNone);
    }
    cluster[i] = cluster[root];
    ++size_in_texts[cluster[i]];
  }
  for (uint32_t c : size_in_texts) out.multi_text_clusters += c >= 2;
  for (size_t e = 0; e < t.size(); ++e) {
    if (t.text[e] == store::kNone || t.kind_of(e) == store::EventKind::repost) continue;
    uint32_t s = slot[t.text_key[t.text[e]]];
    if (s == store::kNone) continue;
    uint32_t c = cluster[s];
    out.item_of_event[e] = c;
    if (out.exemplar_text[c] == store::kNone) out.exemplar_text[c] = t.text[e];
  }
  return out;
}

}  // namespace lockstep::coord
