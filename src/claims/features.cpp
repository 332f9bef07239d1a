#include "claims/features.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "base/time_parse.h"

namespace lockstep::claims {

const std::array<const char*, kFeatureCount> kFeatureNames = {
    "first_stage_score",   "first_stage_relative", "first_stage_inv_rank", "bm25_stem_claim",
    "bm25_stem_title",     "bm25_ascii_claim",     "bm25_ascii_title",     "bm25_stem_both",
    "query_covered_idf",   "query_covered",        "claim_covered",        "title_covered",
    "bigrams_claim",       "bigrams_title",        "bigrams_query",        "ngram_jaccard",
    "ngram_claim_covered", "numbers_shared",       "numbers_doc_unmatched", "numbers_query_unmatched",
    "entities_doc_found",  "entities_shared",      "signature_found",      "claimant_found",
    "query_len",           "claim_len",            "len_ratio",            "days_apart",
    "max_shared_idf",      "first_stage_gap",      "doc_latest_year_vs_post", "doc_has_post_year",
    "doc_has_post_month",  "doc_latest_year"};

namespace {

constexpr double kK1 = 1.2, kB = 0.75;

double bm25(const std::unordered_map<std::string, double>& idf,
            const std::vector<std::string>& field, double avg_len) {
  if (field.empty()) return 0;
  std::unordered_map<std::string_view, int> tf;
  for (const std::string& t : field) ++tf[t];
  double norm = kK1 * (1 - kB + kB * double(field.size()) / std::max(avg_len, 1.0));
  double score = 0;
  for (const auto& [term, w] : idf) {
    auto it = tf.find(term);
    if (it == tf.end()) continue;
    double f = it->second;
    score += w * f * (kK1 + 1) / (f + norm);
  }
  return score;
}

// Fraction of the field's distinct tokens that `set` holds.
double covered(const std::vector<std::string>& field, const std::unordered_set<std::string>& set) {
  if (field.empty()) return 0;
  std::unordered_set<std::string_view> seen;
  size_t hit = 0;
  for (const std::string& t : field)
    if (seen.insert(t).second && set.count(t) > 0) ++hit;
  return double(hit) / double(seen.size());
}

// Bigrams of the field found in the query: (matched, field bigram count).
std::pair<double, double> bigram_hits(const std::vector<std::string>& field,
                                      const std::unordered_set<std::string>& query_bigrams) {
  if (field.size() < 2) return {0, 0};
  size_t hit = 0;
  std::string b;
  for (size_t i = 0; i + 1 < field.size(); ++i) {
    b.assign(field[i]).append(" ").append(field[i + 1]);
    if (query_bigrams.count(b) > 0) ++hit;
  }
  return {double(hit), double(field.size() - 1)};
}

}  // namespace

void prepare(QueryFeatures& q) {
  const Analysis& a = q.analysis;
  for (size_t i = 0; i + 1 < a.stems.size(); ++i) q.bigrams.insert(a.stems[i] + " " + a.stems[i + 1]);
  q.ngrams = char_ngrams(a.ascii);
  q.numbers.insert(a.numbers.begin(), a.numbers.end());
  q.entities.insert(a.entities.begin(), a.entities.end());
  q.signature.insert(a.signature.begin(), a.signature.end());
  q.ascii.insert(a.ascii.begin(), a.ascii.end());
  q.ascii.insert(a.signature.begin(), a.signature.end());
  q.idf_sum = 0;
  for (const auto& [t, w] : q.stem_idf) q.idf_sum += w;
}

void compute_features(const QueryFeatures& q, const DocFields& d, const CorpusStats& corpus,
                      const CandidateScore& c, float* out) {
  std::fill(out, out + kFeatureCount, 0.0f);
  size_t i = 0;
  auto put = [&](double v) { out[i++] = static_cast<float>(v); };
  put(c.first_stage);
  put(c.best_first_stage > 0 ? c.first_stage / c.best_first_stage : 0);
  put(1.0 / double(c.rank));
  put(bm25(q.stem_idf, d.claim_stems, corpus.avg_claim_len));
  put(bm25(q.stem_idf, d.title_stems, corpus.avg_title_len));
  put(bm25(q.ascii_idf, d.claim_ascii, corpus.avg_claim_len));
  put(bm25(q.ascii_idf, d.title_ascii, corpus.avg_title_len));
  std::vector<std::string> both = d.claim_stems;
  both.insert(both.end(), d.title_stems.begin(), d.title_stems.end());
  put(bm25(q.stem_idf, both, corpus.avg_claim_len + corpus.avg_title_len));

  // Coverage: how much of the query the record explains, and of the record the query.
  std::unordered_set<std::string> doc_stems(both.begin(), both.end());
  double covered_idf = 0, max_idf = 0;
  size_t covered_terms = 0;
  for (const auto& [t, w] : q.stem_idf)
    if (doc_stems.count(t) > 0) {
      covered_idf += w;
      ++covered_terms;
      max_idf = std::max(max_idf, w);
    }
  put(q.idf_sum > 0 ? covered_idf / q.idf_sum : 0);
  put(q.stem_idf.empty() ? 0 : double(covered_terms) / double(q.stem_idf.size()));
  std::unordered_set<std::string> query_stems(q.analysis.stems.begin(), q.analysis.stems.end());
  put(covered(d.claim_stems, query_stems));
  put(covered(d.title_stems, query_stems));

  auto [bc, nc] = bigram_hits(d.claim_stems, q.bigrams);
  auto [bt, nt] = bigram_hits(d.title_stems, q.bigrams);
  put(nc > 0 ? bc / nc : 0);
  put(nt > 0 ? bt / nt : 0);
  put(q.bigrams.empty() ? 0 : (bc + bt) / double(q.bigrams.size()));

  std::vector<std::string> doc_ascii = d.claim_ascii;
  doc_ascii.insert(doc_ascii.end(), d.title_ascii.begin(), d.title_ascii.end());
  std::vector<std::string> doc_ngrams = char_ngrams(doc_ascii), claim_ngrams = char_ngrams(d.claim_ascii);
  std::vector<std::string> common;
  std::set_intersection(q.ngrams.begin(), q.ngrams.end(), doc_ngrams.begin(), doc_ngrams.end(),
                        std::back_inserter(common));
  double uni = double(q.ngrams.size() + doc_ngrams.size() - common.size());
  put(uni > 0 ? double(common.size()) / uni : 0);
  common.clear();
  std::set_intersection(q.ngrams.begin(), q.ngrams.end(), claim_ngrams.begin(), claim_ngrams.end(),
                        std::back_inserter(common));
  put(claim_ngrams.empty() ? 0 : double(common.size()) / double(claim_ngrams.size()));

  std::unordered_set<std::string> doc_numbers(d.numbers.begin(), d.numbers.end());
  size_t shared = 0;
  for (const std::string& n : doc_numbers) shared += q.numbers.count(n);
  put(double(shared));
  put(double(doc_numbers.size() - shared));
  put(double(q.numbers.size() - std::min(shared, q.numbers.size())));

  std::unordered_set<std::string> doc_entities(d.entities.begin(), d.entities.end());
  size_t entity_hits = 0, entity_shared = 0;
  for (const std::string& e : doc_entities) {
    entity_hits += q.ascii.count(e);
    entity_shared += q.entities.count(e);
  }
  put(doc_entities.empty() ? -1 : double(entity_hits) / double(doc_entities.size()));
  put(double(entity_shared));

  std::unordered_set<std::string> doc_words(doc_ascii.begin(), doc_ascii.end());
  size_t sig = 0;
  for (const std::string& s : q.signature) sig += doc_words.count(s);
  put(q.signature.empty() ? -1 : double(sig) / double(q.signature.size()));
  size_t claimant = 0;
  for (const std::string& s : d.claimant) claimant += q.ascii.count(s);
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
  for (const std::string& n : doc_numbers) {
    if (n.size() != 4) continue;
    int y = std::atoi(n.c_str());
    if (y >= 1900 && y <= 2100) latest = std::max(latest, y);
  }
  if (q.analysis.signature_day) {
    CivilDate post = civil_from_days(*q.analysis.signature_day);
    put(latest > 0 ? double(latest - post.year) : -99);
    put(doc_numbers.count(std::to_string(post.year)) > 0 ? 1 : 0);
    static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                              "jul", "aug", "sep", "oct", "nov", "dec"};
    bool month = false;
    for (const std::string& w : doc_words)
      month = month || (w.size() >= 3 && w.compare(0, 3, kMonths[post.month - 1]) == 0 &&
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
