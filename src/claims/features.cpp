#include "claims/features.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "base/hash.h"
#include "base/time_parse.h"

namespace lockstep::claims {

const std::array<const char*, kFeatureCount> kFeatureNames = {"first_stage_score",
                                                              "first_stage_relative",
                                                              "first_stage_inv_rank",
                                                              "bm25_stem_claim",
                                                              "bm25_stem_title",
                                                              "bm25_ascii_claim",
                                                              "bm25_ascii_title",
                                                              "bm25_stem_both",
                                                              "query_covered_idf",
                                                              "query_covered",
                                                              "claim_covered",
                                                              "title_covered",
                                                              "bigrams_claim",
                                                              "bigrams_title",
                                                              "bigrams_query",
                                                              "ngram_jaccard",
                                                              "ngram_claim_covered",
                                                              "numbers_shared",
                                                              "numbers_doc_unmatched",
                                                              "numbers_query_unmatched",
                                                              "entities_doc_found",
                                                              "entities_shared",
                                                              "signature_found",
                                                              "claimant_found",
                                                              "query_len",
                                                              "claim_len",
                                                              "len_ratio",
                                                              "days_apart",
                                                              "max_shared_idf",
                                                              "first_stage_gap",
                                                              "doc_latest_year_vs_post",
                                                              "doc_has_post_year",
                                                              "doc_has_post_month",
                                                              "doc_latest_year"};

namespace {

constexpr double kK1 = 1.2, kB = 0.75;

uint64_t h(std::string_view s) {
  return hash_bytes(s);
}

std::vector<uint64_t> hashes(const std::vector<std::string>& tokens) {
  std::vector<uint64_t> out;
  out.reserve(tokens.size());
  for (const std::string& t : tokens) out.push_back(h(t));
  return out;
}

// Hashed character 4-grams of ASCII tokens with word boundaries (as char_ngrams), sorted, unique.
void ngram_hashes(const std::vector<std::string>& ascii, std::vector<uint32_t>& out) {
  out.clear();
  char w[256];
  for (const std::string& t : ascii) {
    if (t.empty() || t.size() > 250) continue;
    size_t n = t.size() + 2;
    w[0] = '_';
    std::memcpy(w + 1, t.data(), t.size());
    w[n - 1] = '_';
    if (n <= 4) {
      out.push_back(static_cast<uint32_t>(h(std::string_view(w, n))));
      continue;
    }
    for (size_t i = 0; i + 4 <= n; ++i)
      out.push_back(static_cast<uint32_t>(h(std::string_view(w + i, 4))));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

size_t common_count(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  size_t n = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n, ++i, ++j;
    }
  }
  return n;
}

double bm25(const std::unordered_map<uint64_t, double>& idf, const std::vector<uint64_t>& field,
            double avg_len) {
  if (field.empty()) return 0;
  // Term frequencies of the query terms the field holds (few: a linear list is fastest).
  std::vector<std::pair<uint64_t, int>> tf;
  for (uint64_t t : field) {
    if (idf.count(t) == 0) continue;
    auto it = std::find_if(tf.begin(), tf.end(), [&](const auto& p) { return p.first == t; });
    if (it == tf.end())
      tf.emplace_back(t, 1);
    else
      ++it->second;
  }
  double norm = kK1 * (1 - kB + kB * double(field.size()) / std::max(avg_len, 1.0));
  double score = 0;
  for (const auto& [t, f] : tf) score += idf.at(t) * f * (kK1 + 1) / (f + norm);
  return score;
}

std::vector<uint64_t> unique_of(std::vector<uint64_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Fraction of the field's distinct tokens that `set` holds.
double covered(const std::vector<uint64_t>& field, const std::unordered_set<uint64_t>& set) {
  std::vector<uint64_t> u = unique_of(field);
  if (u.empty()) return 0;
  size_t hit = 0;
  for (uint64_t t : u) hit += set.count(t);
  return double(hit) / double(u.size());
}

uint64_t pair_hash(uint64_t a, uint64_t b) {
  return hash_u64(a * 0x9E3779B97F4A7C15ULL ^ b);
}

// Bigrams of the field found in the query: (matched, field bigram count).
std::pair<double, double> bigram_hits(const std::vector<uint64_t>& field,
                                      const std::unordered_set<uint64_t>& query_bigrams) {
  if (field.size() < 2) return {0, 0};
  size_t hit = 0;
  for (size_t i = 0; i + 1 < field.size(); ++i)
    hit += query_bigrams.count(pair_hash(field[i], field[i + 1]));
  return {double(hit), double(field.size() - 1)};
}

}  // namespace

void prepare(QueryFeatures& q) {
  const Analysis& a = q.analysis;
  std::vector<uint64_t> stems = hashes(a.stems);
  q.stems.insert(stems.begin(), stems.end());
  for (size_t i = 0; i + 1 < stems.size(); ++i) q.bigrams.insert(pair_hash(stems[i], stems[i + 1]));
  ngram_hashes(a.ascii, q.ngrams);
  for (const auto& n : a.numbers) q.numbers.insert(h(n));
  for (const auto& e : a.entities) q.entities.insert(h(e));
  for (const auto& s : a.signature) q.signature.insert(h(s));
  for (const auto& s : a.ascii) q.ascii.insert(h(s));
  for (const auto& s : a.signature) q.ascii.insert(h(s));
  q.idf_sum = 0;
  for (const auto& [t, w] : q.stem_idf) {
    q.idf_sum += w;
    q.stem_idf_h.emplace(h(t), w);
  }
  for (const auto& [t, w] : q.ascii_idf) q.ascii_idf_h.emplace(h(t), w);
}

void compute_features(const QueryFeatures& q, const DocFields& d, const CorpusStats& corpus,
                      const CandidateScore& c, float* out) {
  std::fill(out, out + kFeatureCount, 0.0f);
  size_t i = 0;
  auto put = [&](double v) { out[i++] = static_cast<float>(v); };
  std::vector<uint64_t> claim_stems = hashes(d.claim_stems), title_stems = hashes(d.title_stems);
  std::vector<uint64_t> claim_ascii = hashes(d.claim_ascii), title_ascii = hashes(d.title_ascii);

  put(c.first_stage);
  put(c.best_first_stage > 0 ? c.first_stage / c.best_first_stage : 0);
  put(1.0 / double(c.rank));
  put(bm25(q.stem_idf_h, claim_stems, corpus.avg_claim_len));
  put(bm25(q.stem_idf_h, title_stems, corpus.avg_title_len));
  put(bm25(q.ascii_idf_h, claim_ascii, corpus.avg_claim_len));
  put(bm25(q.ascii_idf_h, title_ascii, corpus.avg_title_len));
  std::vector<uint64_t> both = claim_stems;
  both.insert(both.end(), title_stems.begin(), title_stems.end());
  put(bm25(q.stem_idf_h, both, corpus.avg_claim_len + corpus.avg_title_len));

  // Coverage: how much of the query the record explains, and of the record the query.
  std::vector<uint64_t> doc_stems = unique_of(both);
  double covered_idf = 0, max_idf = 0;
  size_t covered_terms = 0;
  for (uint64_t t : doc_stems) {
    auto it = q.stem_idf_h.find(t);
    if (it == q.stem_idf_h.end()) continue;
    covered_idf += it->second;
    ++covered_terms;
    max_idf = std::max(max_idf, it->second);
  }
  put(q.idf_sum > 0 ? covered_idf / q.idf_sum : 0);
  put(q.stem_idf_h.empty() ? 0 : double(covered_terms) / double(q.stem_idf_h.size()));
  put(covered(claim_stems, q.stems));
  put(covered(title_stems, q.stems));

  auto [bc, nc] = bigram_hits(claim_stems, q.bigrams);
  auto [bt, nt] = bigram_hits(title_stems, q.bigrams);
  put(nc > 0 ? bc / nc : 0);
  put(nt > 0 ? bt / nt : 0);
  put(q.bigrams.empty() ? 0 : (bc + bt) / double(q.bigrams.size()));

  std::vector<std::string> doc_ascii_words = d.claim_ascii;
  doc_ascii_words.insert(doc_ascii_words.end(), d.title_ascii.begin(), d.title_ascii.end());
  std::vector<uint32_t> doc_ngrams, claim_ngrams;
  ngram_hashes(doc_ascii_words, doc_ngrams);
  ngram_hashes(d.claim_ascii, claim_ngrams);
  size_t common = common_count(q.ngrams, doc_ngrams);
  double uni = double(q.ngrams.size() + doc_ngrams.size() - common);
  put(uni > 0 ? double(common) / uni : 0);
  put(claim_ngrams.empty()
          ? 0
          : double(common_count(q.ngrams, claim_ngrams)) / double(claim_ngrams.size()));

  std::vector<uint64_t> doc_numbers = unique_of(hashes(d.numbers));
  size_t shared = 0;
  for (uint64_t n : doc_numbers) shared += q.numbers.count(n);
  put(double(shared));
  put(double(doc_numbers.size() - shared));
  put(double(q.numbers.size() - std::min(shared, q.numbers.size())));

  std::vector<uint64_t> doc_entities = unique_of(hashes(d.entities));
  size_t entity_hits = 0, entity_shared = 0;
  for (uint64_t e : doc_entities) {
    entity_hits += q.ascii.count(e);
    entity_shared += q.entities.count(e);
  }
  put(doc_entities.empty() ? -1 : double(entity_hits) / double(doc_entities.size()));
  put(double(entity_shared));

  std::vector<uint64_t> doc_words = claim_ascii;
  doc_words.insert(doc_words.end(), title_ascii.begin(), title_ascii.end());
  doc_words = unique_of(std::move(doc_words));
  size_t sig = 0;
  for (uint64_t s : q.signature) sig += std::binary_search(doc_words.begin(), doc_words.end(), s);
  put(q.signature.empty() ? -1 : double(sig) / double(q.signature.size()));
  size_t claimant = 0;
  for (const std::string& s : d.claimant) claimant += q.ascii.count(h(s));
  put(d.claimant.empty() ? -1 : double(claimant) / double(d.claimant.size()));

  double qlen = double(q.analysis.stems.size()), clen = double(d.claim_stems.size());
  put(qlen);
  put(clen);
  put(qlen > 0 ? clen / qlen : 0);
  put(q.analysis.signature_day && d.day
          ? std::fabs(double(*q.analysis.signature_day - *d.day)) / 365.0
          : -1);
  put(max_idf);
  put(c.best_first_stage - c.first_stage);

  // Dates written in the claim ("In January 2020, ...") against the post's own date: a claim
  // checked the month a post went round is more likely the one the post repeats.
  int latest = 0;
  bool has_post_year = false;
  std::optional<CivilDate> post;
  if (q.analysis.signature_day) post = civil_from_days(*q.analysis.signature_day);
  for (const std::string& n : d.numbers) {
    if (n.size() != 4) continue;
    int y = std::atoi(n.c_str());
    if (y >= 1900 && y <= 2100) latest = std::max(latest, y);
    if (post && y == post->year) has_post_year = true;
  }
  if (post) {
    put(latest > 0 ? double(latest - post->year) : -99);
    put(has_post_year ? 1 : 0);
    static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                              "jul", "aug", "sep", "oct", "nov", "dec"};
    bool month = false;
    for (const std::vector<std::string>* f : {&d.claim_ascii, &d.title_ascii})
      for (const std::string& w : *f)
        month = month || (w.size() >= 3 && w.compare(0, 3, kMonths[post->month - 1]) == 0 &&
                          (w.size() == 3 || w.size() >= 5));
    put(month ? 1 : 0);
  } else {
    put(-99);
    put(-1);
    put(-1);
  }
  put(latest);
}

}  // namespace lockstep::claims
