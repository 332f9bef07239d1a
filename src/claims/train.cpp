// `lockstep claims train`: the re-ranker from labelled queries (CheckThat! train split), with a
// cross-validated calibration so that P(match) is not fit on the scores it was trained on.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include "base/error.h"
#include "claims/fusion.h"
#include "claims/matcher_impl.h"

namespace lockstep::claims {

namespace {

struct Labelled {
  std::vector<float> features;  // rows of kFeatureCount (+ kDenseFeatureCount with vectors)
  std::vector<float> labels;
  std::vector<double> first_stage;
  size_t rows() const { return labels.size(); }
};

double map5_of(const std::vector<float>& scores, const std::vector<float>& labels,
               size_t relevant) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  std::vector<std::string> ranked, rel;
  for (size_t i : order) ranked.push_back(labels[i] > 0.5f ? "r" + std::to_string(i) : "n");
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] > 0.5f) rel.push_back("r" + std::to_string(i));
  for (size_t i = rel.size(); i < relevant; ++i) rel.push_back("missing" + std::to_string(i));
  return average_precision_at(ranked, rel, 5);
}

}  // namespace

TrainReport train_reranker(const std::filesystem::path& kb, const std::vector<Query>& queries,
                           const Qrels& qrels, const std::filesystem::path& model_out,
                           const TrainOptions& options, const IdVectors* query_vectors) {
  Matcher::Impl impl(kb);
  size_t width = kFeatureCount;
  if (query_vectors) {
    if (impl.dense_index() == nullptr)
      throw UsageError(
          fmt::format("--query-vectors: the KB {} holds no vectors (index them "
                      "with `lockstep claims index --vectors FILE --vector-ids IDS`)",
                      kb.string()));
    if (impl.dense_index()->dim() != query_vectors->vectors.dim)
      throw UsageError(fmt::format("{} has dimension {}, the KB's vectors {}",
                                   query_vectors->source, query_vectors->vectors.dim,
                                   impl.dense_index()->dim()));
    width += kDenseFeatureCount;
  }
  std::vector<Labelled> data;
  std::vector<size_t> relevant_counts;
  TrainReport report;
  for (const Query& q : queries) {
    auto it = qrels.find(q.id);
    if (it == qrels.end() || it->second.empty()) continue;
    std::set<std::string> relevant(it->second.begin(), it->second.end());
    std::vector<float> unit;
    if (const float* v = query_vectors ? query_vectors->find(q.id) : nullptr) {
      unit.assign(v, v + query_vectors->vectors.dim);
      normalise(unit.data(), unit.size());
    }
    Candidates c =
        impl.candidates(q.text, kCandidateDepth, {}, true, unit.empty() ? nullptr : unit.data());
    Labelled l;
    if (query_vectors) {
      if (c.cosine.empty()) c.cosine.assign(c.docs.size(), NAN);  // a query without a vector
      l.features = append_dense_features(c.features, kFeatureCount, c.cosine);
    } else {
      l.features = std::move(c.features);
    }
    l.first_stage = c.first_stage;
    for (Xapian::docid d : c.docs) {
      bool hit = relevant.count(impl.record_id(d)) > 0;
      l.labels.push_back(hit ? 1.0f : 0.0f);
      report.positives_in_candidates += hit ? 1 : 0;
    }
    report.candidates += l.rows();
    data.push_back(std::move(l));
    relevant_counts.push_back(relevant.size());
  }
  report.queries = data.size();
  if (data.size() < 10)
    throw UsageError(
        fmt::format("only {} queries have relevant records in the qrels; training "
                    "needs labelled queries whose ids match the queries file",
                    data.size()));

  auto assemble = [&](const std::vector<size_t>& which, std::vector<float>& rows,
                      std::vector<float>& labels, std::vector<unsigned>& groups) {
    for (size_t i : which) {
      if (data[i].rows() == 0) continue;
      rows.insert(rows.end(), data[i].features.begin(), data[i].features.end());
      labels.insert(labels.end(), data[i].labels.begin(), data[i].labels.end());
      groups.push_back(static_cast<unsigned>(data[i].rows()));
    }
  };
  RankerParams params;
  params.seed = options.seed;
  params.rounds = options.rounds;
  params.max_depth = options.max_depth;
  params.eta = options.eta;
  params.objective = options.objective;

  // Out-of-fold scores: an honest estimate on train, and the calibration's data.
  std::vector<size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(options.seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<float> oof_scores, oof_labels;
  int folds = std::max(2, options.folds);
  for (int f = 0; f < folds; ++f) {
    std::vector<size_t> train_ids, test_ids;
    for (size_t i = 0; i < order.size(); ++i)
      (static_cast<int>(i % static_cast<size_t>(folds)) == f ? test_ids : train_ids)
          .push_back(order[i]);
    std::vector<float> rows, labels;
    std::vector<unsigned> groups;
    assemble(train_ids, rows, labels, groups);
    Reranker model = Reranker::train(rows, width, labels, groups, params);
    for (size_t i : test_ids) {
      std::vector<float> s = model.predict(data[i].features, width);
      std::vector<float> bm25(data[i].first_stage.begin(), data[i].first_stage.end());
      report.cv_map5 += map5_of(s, data[i].labels, relevant_counts[i]);
      report.cv_bm25_map5 += map5_of(bm25, data[i].labels, relevant_counts[i]);
      oof_scores.insert(oof_scores.end(), s.begin(), s.end());
      oof_labels.insert(oof_labels.end(), data[i].labels.begin(), data[i].labels.end());
    }
  }
  report.cv_map5 /= double(data.size());
  report.cv_bm25_map5 /= double(data.size());
  std::tie(report.platt_a, report.platt_b) = fit_platt(oof_scores, oof_labels);

  std::vector<size_t> all(data.size());
  std::iota(all.begin(), all.end(), 0);
  std::vector<float> rows, labels;
  std::vector<unsigned> groups;
  assemble(all, rows, labels, groups);
  Reranker model = Reranker::train(rows, width, labels, groups, params);
  model.set_calibration(report.platt_a, report.platt_b);
  model.save(model_out, width);
  return report;
}

}  // namespace lockstep::claims
