// The learned re-ranker: an XGBoost ranking model over features.h's features, with a Platt
// (logistic) calibration of its scores into P(match), saved together in one file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lockstep::claims {

struct RankerParams {
  uint64_t seed = 42;
  int rounds = 300;
  int max_depth = 6;
  double eta = 0.05;
  std::string objective = "rank:pairwise";
};

class Reranker {
 public:
  Reranker();
  ~Reranker();
  Reranker(Reranker&&) noexcept;
  Reranker& operator=(Reranker&&) noexcept;

  // Rows are candidates (n_features floats each), grouped by query in order; labels 0/1.
  static Reranker train(const std::vector<float>& rows, size_t n_features,
                        const std::vector<float>& labels, const std::vector<unsigned>& groups,
                        const RankerParams& params);
  std::vector<float> predict(const std::vector<float>& rows, size_t n_features) const;

  void set_calibration(double a, double b) { platt_a_ = a, platt_b_ = b; }
  double probability(double score) const;  // 1 / (1 + exp(a * score + b))

  void save(const std::filesystem::path& path, size_t n_features) const;
  // Throws IoError for a file that is not a model this version wrote, or one for other features.
  static Reranker load(const std::filesystem::path& path, size_t n_features);
  // The feature count a model file declares; 0 when it is not a model file.
  static size_t features_of(const std::filesystem::path& path);

 private:
  struct Booster;
  std::unique_ptr<Booster> booster_;
  double platt_a_ = -1, platt_b_ = 0;
};

// Fits Platt's sigmoid 1/(1+exp(a*s+b)) to scores and 0/1 labels (Newton's method with Platt's
// target smoothing); returns {a, b}.
std::pair<double, double> fit_platt(const std::vector<float>& scores,
                                    const std::vector<float>& labels);

}  // namespace lockstep::claims
