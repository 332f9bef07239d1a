// claims/ — answers a post with the fact-checks that already exist.
//
//   normalize_rating  textual verdicts in many languages -> one of eight normalised ratings
//   read_records      ClaimReview JSON-LD (objects, arrays, @graph, HTML pages), the Google Fact
//                     Check Tools API response, TSV/CSV (CheckThat! verified claims) -> records;
//                     bad records are rejected with a reason, never dropped silently
//   index_kb          records -> a KB directory (a Xapian database of analysed terms), incremental
//                     and deduplicated
//   Matcher           post text -> ranked records: BM25 candidates, then a learned re-ranker and a
//                     calibrated "is a match" probability; with user-supplied vectors, the
//                     nearest records by cosine join the candidates and the two rankings are fused
//   train_reranker    learning to rank (XGBoost) on labelled queries; evaluate_run: MAP@k, MRR
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "claims/vector_file.h"

namespace lockstep::claims {

// ---- ratings
enum class Verdict : uint8_t {
  false_ = 0,
  mostly_false,
  mixture,
  mostly_true,
  true_,
  unproven,
  satire,
  other
};
const char* to_string(Verdict v);  // "false", "mostly false", ...
// A fact-checker's textual rating in any supported language (docs/claims.md has the table).
Verdict normalize_rating(std::string_view textual_rating);
// A numeric schema.org rating (e.g. 1 of 1..5) when no textual rating is given.
Verdict rating_from_scale(double value, double worst, double best);

// ---- records
struct ClaimRecord {
  std::string id;  // the KB's own id (vclaim_id, ClaimReview @id or URL)
  std::string claim, title, claimant, claim_date;
  std::string publisher, site, review_url, review_date;  // dates as YYYY-MM-DD when known
  std::string lang, rating;                              // rating as the reviewer wrote it
  Verdict verdict = Verdict::other;
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void accept(ClaimRecord&& r) = 0;
  // `where` is "line N" or "record N" (1-based) inside the input.
  virtual void reject(std::string_view where, std::string_view reason, std::string_view raw) = 0;
};

// Parses one input's whole content; the format is recognised from the content (JSON, HTML with
// ld+json scripts, or a delimited table with a header). Never throws for bad data.
void read_records(std::string_view content, RecordSink& sink);

// ---- knowledge base
struct IndexReport {
  uint64_t records = 0, added = 0, replaced = 0, duplicates = 0, rejected = 0;
  uint64_t kb_records = 0;  // in the KB afterwards
  // With vectors: stored for new records, replacing a record's vector, for ids not in the KB
  // (the first of those kept for the message); kb_vectors and vector_dim afterwards.
  uint64_t vectors_added = 0, vectors_replaced = 0, vectors_unknown = 0, kb_vectors = 0;
  size_t vector_dim = 0;
  std::string first_unknown_id;
  double seconds = 0;
};
// Adds the inputs' records to KB (created when absent; an existing KB is extended, not rebuilt).
// Rejected records go to KB/quarantine.ndjson. A record whose review URL (or, without one, id)
// is already in the KB replaces it; the same claim by the same reviewer is a duplicate.
// `vectors` (optional): one vector per record id, stored in the KB's HNSW index (docs/claims.md
// #vectors); the dimension is fixed by the first vectors a KB gets. Inputs may be empty then.
IndexReport index_kb(const std::vector<std::string>& inputs, const std::filesystem::path& kb,
                     bool strict, const IdVectors* vectors = nullptr);
// Every record in the KB, in the order they were added.
std::vector<ClaimRecord> read_kb(const std::filesystem::path& kb);

// ---- matching
struct MatchFilter {
  std::string lang;       // ISO 639-1 code, or empty
  std::string publisher;  // publisher name or site (case-insensitive), or empty
  std::optional<int64_t> since_day, until_day;  // review date range, days since 1970-01-01
};

struct Match {
  ClaimRecord record;
  double score = 0;             // re-ranker score (BM25 when no model is loaded)
  double probability = 0;       // calibrated P(match); 0 without a model
  double bm25 = 0;              // first-stage score
  std::optional<float> cosine;  // with a query vector, when the record has a vector
};

class Matcher {
 public:
  // model: a file from train_reranker; empty = KB/reranker.model when present, else BM25 only.
  Matcher(const std::filesystem::path& kb, const std::filesystem::path& model);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // first_stage_only: BM25 order, as if no model were loaded (for comparisons). query_vector
  // (dense_dim() floats, or empty): the post's embedding; its nearest records join the candidates
  // and the rankings are fused (docs/claims.md#vectors).
  std::vector<Match> match(std::string_view text, size_t k, const MatchFilter& filter = {},
                           bool first_stage_only = false, std::span<const float> query_vector = {});
  bool has_model() const;
  bool has_dense_model() const;  // a re-ranker trained with vectors (it fuses by itself)
  size_t kb_size() const;
  // Moves to the KB's latest revision when `claims index` has extended it since the Matcher was
  // opened (a Xapian reader otherwise keeps the revision it opened); true when it moved. Cheap
  // when nothing changed. Throws Xapian's error when the KB cannot be read.
  bool refresh();
  size_t dense_dim() const;  // 0 when the KB holds no vectors

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// ---- training and evaluation
struct Query {
  std::string id, text;
};
// `id<TAB>text` with a header line (CheckThat! tweets.queries.tsv); quoted fields allowed.
std::vector<Query> read_queries_tsv(const std::string& path);
using Qrels = std::map<std::string, std::vector<std::string>>;  // query id -> relevant record ids
Qrels read_qrels(const std::string& path);                      // TREC: qid 0 docid rel

struct TrainOptions {
  uint64_t seed = 42;
  int rounds = 400;  // defaults chosen by 5-fold cross-validation on CheckThat! train
  int max_depth = 2;
  double eta = 0.1;
  std::string objective = "rank:pairwise";  // or rank:ndcg, rank:map
  int folds = 5;  // cross-validation on the training queries, for the calibration and a report
};
struct TrainReport {
  size_t queries = 0, candidates = 0, positives_in_candidates = 0;
  double cv_map5 = 0, cv_bm25_map5 = 0;  // out-of-fold, on the training queries
  double platt_a = 0, platt_b = 0;
};
// query_vectors (optional): train a dense model, with the cosine features, on the union of BM25
// and nearest-vector candidates; it needs a KB with vectors.
TrainReport train_reranker(const std::filesystem::path& kb, const std::vector<Query>& queries,
                           const Qrels& qrels, const std::filesystem::path& model_out,
                           const TrainOptions& options, const IdVectors* query_vectors = nullptr);

using Run = std::map<std::string, std::vector<std::string>>;  // query id -> ranked record ids
struct Metrics {
  size_t queries = 0;
  double map1 = 0, map3 = 0, map5 = 0, mrr = 0;
  std::map<int, double> recall;  // at 1, 5, 10, 20, 50
};
// Queries without relevant records are skipped; a query missing from the run scores 0.
Metrics evaluate_run(const Run& run, const Qrels& qrels);
double average_precision_at(const std::vector<std::string>& ranked,
                            const std::vector<std::string>& relevant, size_t k);

}  // namespace lockstep::claims
