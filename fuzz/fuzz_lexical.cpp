// The first stage's index file (KB/lexical.idx) over any bytes: LexicalIndex::read either refuses
// them (null) or returns an index whose lookups and searches stay inside the file, return at most
// k hits, best first, with finite scores and document ids up to max_docid, and the same hits when
// asked again with the same scratch (its per-document scores are reset after each search).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "claims/lexical_index.h"

namespace {

using lockstep::claims::LexicalIndex;

bool same(const std::vector<LexicalIndex::Hit>& a, const std::vector<LexicalIndex::Hit>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].doc != b[i].doc || a[i].score != b[i].score) return false;
  return true;
}

void check(const LexicalIndex& index, const std::vector<LexicalIndex::Hit>& hits, size_t k) {
  if (hits.size() > k) std::abort();
  for (size_t i = 0; i < hits.size(); ++i) {
    if (hits[i].doc > index.max_docid() || !std::isfinite(hits[i].score) || hits[i].score <= 0)
      std::abort();
    if (i > 0 && hits[i].score > hits[i - 1].score) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The reader takes 8-byte aligned bytes (a mapped file is page-aligned): give it that, sized
  // exactly, so that ASan sees any read past the end.
  std::vector<uint64_t> aligned((size + 7) / 8 + 1);
  std::memcpy(aligned.data(), data, size);
  auto* bytes = reinterpret_cast<const std::byte*>(aligned.data());
  std::unique_ptr<LexicalIndex> index = LexicalIndex::read(std::span(bytes, size));
  if (index == nullptr) return 0;
  // Query terms: words of the seed KBs (tests/fuzz_corpus/lexical/), each prefix, and the input's
  // last bytes as a term (so mutations can name the terms a damaged dictionary holds).
  std::string tail(reinterpret_cast<const char*>(data) + (size > 12 ? size - 12 : 0),
                   size > 12 ? 12 : size);
  std::vector<std::string> words = {"Svaccin", "Avaccine", "Sobama", "Aobama", "Sclaim",
                                    "Aputin",  "Gputi",    "G_пут",  "S5g",    "A2020",
                                    "S",       "",         tail};
  std::vector<LexicalIndex::Term> terms;
  for (const std::string& w : words) {
    (void)index->termfreq(w);
    terms.push_back({w, 1 + static_cast<unsigned>(w.size() % 3), w[0] == 'G' ? 0.3 : 1.0});
  }
  for (char p : {'A', 'G', 'S', 'Z', '\0'}) (void)index->has_prefix(p);
  LexicalIndex::Scratch scratch;
  for (size_t k : {size_t{1}, size_t{50}}) {
    std::vector<LexicalIndex::Hit> a = index->search(terms, k, scratch);
    check(*index, a, k);
    if (!same(a, index->search(terms, k, scratch))) std::abort();
  }
  // With a filter: every other document, and an `allowed` shorter than the documents.
  std::vector<uint8_t> allowed(size_t{index->max_docid()} / 2 + 1);
  for (size_t d = 0; d < allowed.size(); d += 2) allowed[d] = 1;
  std::vector<LexicalIndex::Hit> f = index->search(terms, 50, scratch, &allowed);
  check(*index, f, 50);
  for (const LexicalIndex::Hit& h : f)
    if (h.doc >= allowed.size() || allowed[h.doc] == 0) std::abort();
  return 0;
}
