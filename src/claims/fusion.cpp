#include "claims/fusion.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lockstep::claims {

std::vector<size_t> ranks_of(const std::vector<double>& scores) {
  std::vector<size_t> order;
  for (size_t i = 0; i < scores.size(); ++i)
    if (!std::isnan(scores[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  std::vector<size_t> rank(scores.size(), 0);
  for (size_t r = 0; r < order.size(); ++r) rank[order[r]] = r + 1;
  return rank;
}

std::vector<double> reciprocal_rank_fusion(const std::vector<double>& lexical,
                                           const std::vector<float>& cosine) {
  std::vector<size_t> lex = ranks_of(lexical);
  std::vector<size_t> dense = ranks_of(std::vector<double>(cosine.begin(), cosine.end()));
  std::vector<double> out(lexical.size(), 0);
  for (size_t i = 0; i < out.size(); ++i) {
    if (lex[i] > 0) out[i] += 1 / (kRrfK + double(lex[i]));
    if (dense[i] > 0) out[i] += 1 / (kRrfK + double(dense[i]));
  }
  return out;
}

std::vector<float> append_dense_features(const std::vector<float>& rows, size_t width,
                                         const std::vector<float>& cosine) {
  size_t n = cosine.size();
  std::vector<size_t> rank = ranks_of(std::vector<double>(cosine.begin(), cosine.end()));
  float best = -2;
  for (float c : cosine)
    if (!std::isnan(c)) best = std::max(best, c);
  std::vector<float> out;
  out.reserve(n * (width + kDenseFeatureCount));
  for (size_t i = 0; i < n; ++i) {
    out.insert(out.end(), rows.begin() + i * width, rows.begin() + (i + 1) * width);
    bool has = !std::isnan(cosine[i]);
    out.push_back(cosine[i]);
    out.push_back(has ? cosine[i] - best : NAN);
    out.push_back(has ? 1.0f / float(rank[i]) : NAN);
  }
  return out;
}

}  // namespace lockstep::claims
