// Matcher's inside, shared with training and evaluation: the first stage (BM25 over stems and
// ASCII words, lexical_index.h) and the feature rows of its candidates.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "claims/analyzer.h"
#include "claims/claims.h"
#include "claims/dense_index.h"
#include "claims/features.h"
#include "claims/lexical_index.h"
#include "claims/reranker.h"

namespace lockstep::claims {

inline constexpr size_t kCandidateDepth = 50;  // first-stage candidates the re-ranker sees
inline constexpr size_t kDenseDepth = 50;      // nearest records by cosine that join them

struct Candidates {
  std::vector<Xapian::docid> docs;  // BM25's, then the nearest records BM25 did not find
  std::vector<double> first_stage;  // 0 for those
  std::vector<float> features;      // docs.size() rows of kFeatureCount
  std::vector<float> cosine;        // with a query vector; NaN for a record without one
};

struct Matcher::Impl {
  Xapian::Database db;
  Analyzer analyzer;
  std::optional<Reranker> reranker;
  bool dense_model = false;  // the re-ranker takes the dense features too
  std::filesystem::path kb_path;
  // The KB's vectors, loaded on first use: matching without vectors does not pay for the graph.
  std::optional<std::unique_ptr<DenseIndex>> dense;
  DenseIndex* dense_index() {
    if (!dense) dense = DenseIndex::open(kb_path);
    return dense->get();
  }
  CorpusStats corpus;
  bool has_script_ngrams = false;         // records with non-Latin names: G terms to meet
  std::unique_ptr<LexicalIndex> lexical;  // the first stage's index of the db's revision
  LexicalIndex::Scratch scratch;

  explicit Impl(const std::filesystem::path& kb);
  void load_stats();  // corpus statistics of the database's current revision
  // with_features false: first-stage order only, no feature rows. unit_query (a normalised
  // vector of dense->dim() floats, or null): add its kDenseDepth nearest records and cosines.
  Candidates candidates(std::string_view text, size_t depth, const MatchFilter& filter,
                        bool with_features = true, const float* unit_query = nullptr);
  std::string record_id(Xapian::docid doc);
  // Per document id: 1 where the record passes the filter (language, publisher, review dates).
  std::vector<uint8_t> allowed_docs(const MatchFilter& filter);
};

}  // namespace lockstep::claims
