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

// The query side, prepared once per query.
struct QueryFeatures {
  Analysis analysis;
  std::unordered_map<std::string, double> stem_idf, ascii_idf;  // unique query terms -> IDF
  std::unordered_set<std::string> bigrams;                      // "stem stem"
  std::vector<std::string> ngrams;                              // char_ngrams(ascii), sorted
  std::unordered_set<std::string> numbers, entities, signature, ascii;
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
