#include "claims/reranker.h"

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "base/error.h"

namespace lockstep::claims {

namespace {

constexpr std::string_view kMagic = "lockstep-claims-reranker 1";

void check(int rc, const char* what) {
  if (rc != 0) throw IoError(fmt::format("XGBoost {}: {}", what, XGBGetLastError()));
}

struct Matrix {
  DMatrixHandle h = nullptr;
  Matrix(const std::vector<float>& rows, size_t n_features) {
    size_t n = n_features == 0 ? 0 : rows.size() / n_features;
    check(XGDMatrixCreateFromMat(rows.data(), n, n_features, std::nanf(""), &h), "matrix");
  }
  ~Matrix() {
    if (h != nullptr) XGDMatrixFree(h);
  }
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
};

}  // namespace

struct Reranker::Booster {
  BoosterHandle h = nullptr;
  Booster() { check(XGBoosterCreate(nullptr, 0, &h), "create"); }
  ~Booster() {
    if (h != nullptr) XGBoosterFree(h);
  }
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  void set(const char* k, const std::string& v) { check(XGBoosterSetParam(h, k, v.c_str()), k); }
};

Reranker::Reranker() = default;
Reranker::~Reranker() = default;
Reranker::Reranker(Reranker&&) noexcept = default;
Reranker& Reranker::operator=(Reranker&&) noexcept = default;

Reranker Reranker::train(const std::vector<float>& rows, size_t n_features,
                         const std::vector<float>& labels, const std::vector<unsigned>& groups,
                         const RankerParams& params) {
  Matrix m(rows, n_features);
  check(XGDMatrixSetFloatInfo(m.h, "label", labels.data(), labels.size()), "labels");
  check(XGDMatrixSetUIntInfo(m.h, "group", groups.data(), groups.size()), "groups");
  Reranker r;
  r.booster_ = std::make_unique<Booster>();
  DMatrixHandle train_set[] = {m.h};
  XGBoosterFree(r.booster_->h);
  check(XGBoosterCreate(train_set, 1, &r.booster_->h), "create");
  // One thread and fixed histogram bins: the same data and seed give the same model, byte for
  // byte, on any machine.
  r.booster_->set("objective", params.objective);
  r.booster_->set("eta", fmt::format("{}", params.eta));
  r.booster_->set("max_depth", std::to_string(params.max_depth));
  r.booster_->set("min_child_weight", "1");
  r.booster_->set("subsample", "1");
  r.booster_->set("tree_method", "hist");
  r.booster_->set("seed", std::to_string(params.seed));
  r.booster_->set("nthread", "1");
  r.booster_->set("verbosity", "0");
  for (int i = 0; i < params.rounds; ++i)
    check(XGBoosterUpdateOneIter(r.booster_->h, i, m.h), "training");
  return r;
}

std::vector<float> Reranker::predict(const std::vector<float>& rows, size_t n_features) const {
  if (!booster_ || rows.empty()) return {};
  Matrix m(rows, n_features);
  bst_ulong len = 0;
  const float* out = nullptr;
  check(XGBoosterPredict(booster_->h, m.h, 0, 0, 0, &len, &out), "predict");
  return std::vector<float>(out, out + len);
}

double Reranker::probability(double score) const {
  return 1.0 / (1.0 + std::exp(platt_a_ * score + platt_b_));
}

void Reranker::save(const std::filesystem::path& path, size_t n_features) const {
  bst_ulong len = 0;
  const char* buf = nullptr;
  check(XGBoosterSaveModelToBuffer(booster_->h, R"({"format": "json"})", &len, &buf), "save");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << kMagic << '\n'
      << "features " << n_features << '\n'
      << fmt::format("platt {:.17g} {:.17g}\n", platt_a_, platt_b_) << "xgboost " << len << '\n';
  out.write(buf, static_cast<std::streamsize>(len));
  out.close();
  if (!out) throw IoError(fmt::format("cannot write {}", path.string()));
}

Reranker Reranker::load(const std::filesystem::path& path, size_t n_features) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot open model {}", path.string()));
  std::string magic, word;
  std::getline(in, magic);
  size_t features = 0, len = 0;
  double a = 0, b = 0;
  in >> word >> features;
  bool ok = magic == kMagic && word == "features";
  in >> word >> a >> b;
  ok = ok && word == "platt";
  in >> word >> len;
  ok = ok && word == "xgboost" && in.get() == '\n';
  if (!ok || features != n_features || len > (size_t{1} << 30))
    throw IoError(fmt::format(
        "{} is not a claims re-ranker for this version of lockstep ({} features expected); "
        "train one with `lockstep claims train`",
        path.string(), n_features));
  std::string buf(len, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(len));
  if (static_cast<size_t>(in.gcount()) != len)
    throw IoError(fmt::format("{}: truncated model", path.string()));
  Reranker r;
  r.booster_ = std::make_unique<Booster>();
  check(XGBoosterLoadModelFromBuffer(r.booster_->h, buf.data(), len), "load");
  r.booster_->set("nthread", "1");  // one query's candidates: threads cost more than they save
  r.platt_a_ = a;
  r.platt_b_ = b;
  return r;
}

size_t Reranker::features_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic, word;
  size_t features = 0;
  std::getline(in, magic);
  in >> word >> features;
  return in && magic == kMagic && word == "features" ? features : 0;
}

std::pair<double, double> fit_platt(const std::vector<float>& scores,
                                    const std::vector<float>& labels) {
  // Platt (1999) with Lin, Lin and Weng's (2007) numerically careful Newton iterations.
  double prior1 = 0, prior0 = 0;
  for (float l : labels) (l > 0.5f ? prior1 : prior0) += 1;
  double hi = (prior1 + 1) / (prior1 + 2), lo = 1 / (prior0 + 2);
  size_t n = scores.size();
  std::vector<double> t(n);
  for (size_t i = 0; i < n; ++i) t[i] = labels[i] > 0.5f ? hi : lo;
  double a = 0, b = std::log((prior0 + 1) / (prior1 + 1)), sigma = 1e-12;
  auto objective = [&](double A, double B) {
    double f = 0;
    for (size_t i = 0; i < n; ++i) {
      double fApB = scores[i] * A + B;
      f += fApB >= 0 ? t[i] * fApB + std::log1p(std::exp(-fApB))
                     : (t[i] - 1) * fApB + std::log1p(std::exp(fApB));
    }
    return f;
  };
  double fval = objective(a, b);
  for (int it = 0; it < 100; ++it) {
    double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
    for (size_t i = 0; i < n; ++i) {
      double fApB = scores[i] * a + b;
      double p = fApB >= 0 ? std::exp(-fApB) / (1 + std::exp(-fApB)) : 1 / (1 + std::exp(fApB));
      double q = 1 - p, d2 = p * q, d1 = t[i] - p;
      h11 += scores[i] * scores[i] * d2;
      h22 += d2;
      h21 += scores[i] * d2;
      g1 += scores[i] * d1;
      g2 += d1;
    }
    if (std::fabs(g1) < 1e-5 && std::fabs(g2) < 1e-5) break;
    double det = h11 * h22 - h21 * h21;
    double dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det;
    double gd = g1 * dA + g2 * dB, step = 1;
    while (step >= 1e-10) {
      double na = a + step * dA, nb = b + step * dB, nf = objective(na, nb);
      if (nf < fval + 1e-4 * step * gd) {
        a = na, b = nb, fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return {a, b};
}

}  // namespace lockstep::claims
