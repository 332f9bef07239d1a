// The re-ranker's features for one (query, candidate record) pair: BM25 of stems and of ASCII
// words per field (claim, title), coverage both ways, word bigrams, character 4-grams, numbers,
// names, the tweet author's name, lengths, date distance, and the first-stage score and rank.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "claims/analyzer.h"
#include "claims/kb_format.h"

namespace lockstep::claims {

inline constexpr size_t kFeatureCount = 34;
extern const std::array<const char*, kFeatureCount> kFeatureNames;

struct CorpusStats {
  double docs = 1, avg_claim_len = 1, avg_title_len = 1;
};

// The query side, prepared once per query. Tokens are compared by 64-bit hashes: features are
// computed for every candidate of every query, and hashing each token once is most of the cost.
struct QueryFeatures {
  Analysis analysis;
  std::unordered_map<std::string, double> stem_idf, ascii_idf;  // unique query terms -> IDF
  // Filled by prepare():
  std::unordered_map<uint64_t, double> stem_idf_h, ascii_idf_h;
  std::unordered_set<uint64_t> stems, bigrams, numbers, entities, signature, ascii;
  std::vector<uint32_t> ngrams;  // hashed character 4-grams, sorted, unique
  double idf_sum = 0;
};

// Builds the sets; the IDF maps must already be filled.
void prepare(QueryFeatures& q);

struct CandidateScore {
  double first_stage = 0, best_first_stage = 1;
  size_t rank = 1;  // 1-based, in the first stage
};

void compute_features(const QueryFeatures& q, const DocFields& d, const CorpusStats& corpus,
                      const CandidateScore& c, float* out);

}  // namespace lockstep::claims
