// Random numbers for the generator. Everything here is written out by hand rather than taken from
// <random>: the standard distributions differ between library implementations, and a seed must
// give the same platform on every machine.
#pragma once

#include <cmath>
#include <cstdint>
#include <iterator>
#include <vector>

namespace lockstep::synth {

__extension__ typedef unsigned __int128 u128;  // __extension__: -Wpedantic knows no 128-bit type

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A seed for a named sub-stream: the same (seed, a, b) always gives the same stream, so content
// can be re-rendered from a few integers instead of being stored.
inline uint64_t derive(uint64_t seed, uint64_t a, uint64_t b = 0) {
  uint64_t s = seed ^ (a * 0xd6e8feb86659fd93ULL);
  uint64_t x = splitmix64(s);
  s ^= b * 0x9e3779b97f4a7c15ULL;
  return x ^ splitmix64(s);
}

// xoshiro256**: fast, small state, good enough statistics for simulation.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& w : s_) w = splitmix64(seed);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }               // [0, 1)
  double open_uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
  uint64_t below(uint64_t n) {  // [0, n), Lemire's multiply-shift (bias < 2^-64 * n)
    return static_cast<uint64_t>((static_cast<u128>(next()) * n) >> 64);
  }
  int64_t range(int64_t lo, int64_t hi) {  // [lo, hi]
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  double real(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }

  double exponential(double mean) { return -mean * std::log(open_uniform()); }
  double normal() {
    // Marsaglia polar; the second value is dropped to keep the generator stateless beyond s_.
    for (;;) {
      double u = 2 * uniform() - 1, v = 2 * uniform() - 1, q = u * u + v * v;
      if (q > 0 && q < 1) return u * std::sqrt(-2 * std::log(q) / q);
    }
  }
  // Log-normal given its median, so parameters read as "typically X".
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
  double pareto(double xmin, double alpha) { return xmin * std::pow(open_uniform(), -1.0 / alpha); }
  uint64_t poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean < 30) {  // Knuth: product of uniforms
      double limit = std::exp(-mean), p = uniform();
      uint64_t k = 0;
      while (p > limit) {
        p *= uniform();
        ++k;
      }
      return k;
    }
    double x =
        std::round(mean + std::sqrt(mean) * normal());  // normal approximation is plenty here
    return x < 0 ? 0 : static_cast<uint64_t>(x);
  }
  template <class V>
  decltype(auto) pick(V&& v) {  // spans over static lists, vectors, arrays
    return v[below(std::size(v))];
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Walker/Vose alias table: O(1) sampling from a fixed discrete distribution.
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(const std::vector<double>& weights) { build(weights); }
  void build(const std::vector<double>& weights);
  uint32_t sample(Rng& rng) const {
    uint64_t r = rng.next();
    auto i = static_cast<uint32_t>((static_cast<u128>(r) * prob_.size()) >> 64);
    // The low 32 bits are independent enough of the high bits used for the column.
    return static_cast<float>(r & 0xffffffffu) * 0x1.0p-32f < prob_[i] ? i : alias_[i];
  }
  size_t size() const { return prob_.size(); }
  bool empty() const { return prob_.empty(); }

 private:
  std::vector<float> prob_;
  std::vector<uint32_t> alias_;
};

// Zipf weights 1/(rank+1)^s for n ranks.
std::vector<double> zipf_weights(size_t n, double s);

}  // namespace lockstep::synth
