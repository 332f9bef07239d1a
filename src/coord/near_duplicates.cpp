#include "coord/near_duplicates.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>

#include "base/hash.h"
#include "base/huge_array.h"
#include "base/minhash.h"
#include "base/union_find.h"
#include "store/interner.h"
#include "text/text.h"

namespace lockstep::coord {

namespace {

// The message words of each eligible text, back to back in one buffer.
class Texts {
 public:
  void add(std::string_view s) {
    bytes_.append(s);
    ends_.push_back(bytes_.size());
  }
  size_t size() const { return ends_.size(); }
  std::string_view operator[](size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  void clear() {
    bytes_ = {};
    ends_ = {};
  }

 private:
  std::string bytes_;
  std::vector<size_t> ends_;
};

constexpr int kBands = 16;  // 16 bands x 4 rows: pairs above ~0.5 Jaccard become candidates
constexpr int kRows = kMinHashBins / kBands;

// Per text, the first text of its group of near-duplicates (MinHash, LSH banding, union-find).
std::vector<uint32_t> near_duplicate_roots(const Texts& stripped, double jaccard, uint64_t seed) {
  const size_t n = stripped.size();
  HugeArray<uint64_t> band_keys(kBands * n);  // band-major: each band's pass reads in order
  HugeArray<ShortSignature> shorts(n);
  tbb::parallel_for(size_t{0}, n, [&](size_t i) {
    Signature sig = text::minhash_signature(stripped[i], seed);
    for (int band = 0; band < kBands; ++band) band_keys[band * n + i] = band_key(sig, band, kRows);
    shorts[i] = shorten(sig);
  });

  // Banding, one band per task. Each text is checked against its bucket's first member and the
  // member before it: linear in the bucket size, and enough to join a family of variants of one
  // original. Common shingles make buckets of unrelated texts, so most checks fail; only the pairs
  // that pass are kept, then joined by one sequential union-find.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> similar(kBands);
  tbb::parallel_for(0, kBands, [&](int band) {
    auto check = [&](uint32_t y, uint32_t x) {
      if (short_similarity(shorts[y], shorts[x]) >= jaccard) similar[band].emplace_back(y, x);
    };
    for_each_bucket(band_keys.span().subspan(band * n, n), [&](std::span<const uint32_t> m) {
      // Members are scattered over the signatures: fetch a few ahead, or every check waits on
      // memory.
      constexpr size_t kAhead = 8;
      for (size_t i = 1; i < std::min(m.size(), kAhead); ++i) __builtin_prefetch(&shorts[m[i]]);
      for (size_t i = 1; i < m.size(); ++i) {
        if (i + kAhead < m.size()) __builtin_prefetch(&shorts[m[i + kAhead]]);
        check(m[0], m[i]);
        if (i > 1) check(m[i - 1], m[i]);
      }
    });
  });
  band_keys = {};
  UnionFind uf(n);
  for (const auto& pairs : similar)
    for (auto [y, x] : pairs) uf.unite(y, x);
  std::vector<uint32_t> root(n);
  for (uint32_t i = 0; i < n; ++i) root[i] = uf.find(i);
  return root;
}

// Per text, the first text identical to it: jaccard 1 asks for exact co-text (QUT's co_tweet),
// which needs no sketches at all. The interner numbers distinct texts in order of first sight.
std::vector<uint32_t> identical_roots(const Texts& stripped) {
  store::Interner distinct;
  std::vector<uint32_t> first;
  std::vector<uint32_t> root(stripped.size());
  for (uint32_t i = 0; i < stripped.size(); ++i) {
    uint32_t id = distinct.intern(stripped[i]);
    if (id == first.size()) first.push_back(i);
    root[i] = first[id];
  }
  return root;
}

}  // namespace

double estimate_jaccard(std::string_view a, std::string_view b, uint64_t seed) {
  return similarity(text::minhash_signature(text::message_words(a), seed),
                    text::minhash_signature(text::message_words(b), seed));
}

TextClusters cluster_near_duplicates(const store::EventTable& t, double jaccard,
                                     uint32_t min_letters, uint64_t seed) {
  TextClusters out;
  out.item_of_event.assign(t.size(), store::kNone);
  // Eligible keys: texts of original posts, replies and quotes that are long enough to mean
  // something. Reposts copy text by construction and are left to co_repost.
  const size_t n_keys = t.text_keys.size();
  std::vector<uint32_t> slot(n_keys, store::kNone);  // key -> dense index
  std::vector<uint32_t> keys;
  std::vector<bool> seen(n_keys, false);  // key looked at (eligible or not)
  Texts stripped;
  std::string s;
  for (size_t e = 0; e < t.size(); ++e) {
    if (t.text[e] == store::kNone || t.kind_of(e) == store::EventKind::repost) continue;
    uint32_t k = t.text_key[t.text[e]];
    if (seen[k]) continue;
    seen[k] = true;
    text::message_words(t.text_keys[k], s);
    if (text::count_letters(s) < min_letters) continue;
    slot[k] = static_cast<uint32_t>(keys.size());
    keys.push_back(k);
    stripped.add(s);
  }
  std::vector<uint32_t> root =
      jaccard >= 1.0 ? identical_roots(stripped) : near_duplicate_roots(stripped, jaccard, seed);
  stripped.clear();
  // Dense cluster ids.
  std::vector<uint32_t> cluster(keys.size(), store::kNone);
  std::vector<uint32_t> size_in_texts;
  for (uint32_t i = 0; i < keys.size(); ++i) {
    const uint32_t r = root[i];
    if (cluster[r] == store::kNone) {
      cluster[r] = static_cast<uint32_t>(size_in_texts.size());
      size_in_texts.push_back(0);
      out.exemplar_text.push_back(store::kNone);
    }
    cluster[i] = cluster[r];
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
