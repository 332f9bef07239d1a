// Matcher's inside, shared with training and evaluation: the first stage (Xapian BM25 over stems
// and ASCII words) and the feature rows of its candidates.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "claims/analyzer.h"
#include "claims/claims.h"
#include "claims/features.h"
#include "claims/reranker.h"

namespace lockstep::claims {

inline constexpr size_t kCandidateDepth = 50;  // first-stage candidates the re-ranker sees

struct Candidates {
  std::vector<Xapian::docid> docs;
  std::vector<double> first_stage;
  std::vector<float> features;  // docs.size() rows of kFeatureCount
};

struct Matcher::Impl {
  Xapian::Database db;
  Analyzer analyzer;
  std::optional<Reranker> reranker;
  CorpusStats corpus;
  bool has_script_ngrams = false;  // records with non-Latin names: G terms to meet

  explicit Impl(const std::filesystem::path& kb);
  void load_stats();  // corpus statistics of the database's current revision
  // with_features false: first-stage order only, no feature rows.
  Candidates candidates(std::string_view text, size_t depth, const MatchFilter& filter,
                        bool with_features = true);
  std::string record_id(Xapian::docid doc);
};

}  // namespace lockstep::claims
