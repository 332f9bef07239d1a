// How the dense side (cosine of user-supplied vectors) meets the lexical one. Two ways:
//   reciprocal_rank_fusion  1/(60 + lexical rank) + 1/(60 + dense rank): needs no training and no
//                           common scale between BM25 or re-ranker scores and cosines, so it is
//                           what `match` does with the shipped (lexical) re-ranker or none
//   dense features          cosine, its gap to the best candidate's and 1/dense rank appended to
//                           the re-ranker's features: a model trained with vectors
//                           (`claims train --query-vectors`) learns the fusion itself
// A candidate whose record has no vector has cosine NaN: no dense term, missing features.
#pragma once

#include <cstddef>
#include <vector>

namespace lockstep::claims {

inline constexpr size_t kDenseFeatureCount = 3;
inline constexpr double kRrfK = 60;  // Cormack, Clarke and Büttcher (2009)

// 1-based rank of each candidate by score, highest first; ties keep candidate order; NaN
// scores get rank 0 (unranked).
std::vector<size_t> ranks_of(const std::vector<double>& scores);

std::vector<double> reciprocal_rank_fusion(const std::vector<double>& lexical,
                                           const std::vector<float>& cosine);

// rows: n rows of `width` features -> n rows of width + kDenseFeatureCount.
std::vector<float> append_dense_features(const std::vector<float>& rows, size_t width,
                                         const std::vector<float>& cosine);

}  // namespace lockstep::claims
