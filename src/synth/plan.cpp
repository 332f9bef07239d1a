#include "synth/plan.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "synth/lexicon.h"
#include "synth/plan_detail.h"

namespace lockstep::synth {

namespace {

constexpr int64_t kDay = 86400, kHour = 3600;
// Mean over organic posts of (follower boost x cascade size): see Engine::maybe_cascade.
constexpr double kCascadeMass = 30;
constexpr double kOriginalShare = 0.5;  // organic actions that are original posts
constexpr double kCelebOriginalShare = 0.85;

double session_factor() {
  return 1.0 / (1.0 - kSessionContinue);
}

// A time in [lo, hi) between 08:00 and 23:00 at UTC offset tz.
int64_t daytime(Rng& r, int64_t lo, int64_t hi, int tz) {
  int64_t t = lo;
  for (int tries = 0; tries < 30; ++tries) {
    t = lo + static_cast<int64_t>(r.below(static_cast<uint64_t>(std::max<int64_t>(1, hi - lo))));
    int64_t h = ((t + tz * kHour) % kDay + kDay) % kDay / kHour;
    if (h >= 8 && h < 23) break;
  }
  return t;
}

void pick_celebrities(Population& pop, uint32_t n, int64_t start, Rng& r) {
  std::vector<uint32_t> idx(pop.size());
  std::iota(idx.begin(), idx.end(), 0u);
  n = std::min<uint32_t>(n, pop.size());
  std::partial_sort(idx.begin(), idx.begin() + n, idx.end(), [&](uint32_t a, uint32_t b) {
    return pop[a].followers != pop[b].followers ? pop[a].followers > pop[b].followers : a < b;
  });
  for (uint32_t k = 0; k < n; ++k) {
    auto& a = pop[idx[k]];
    a.role = Role::celebrity;
    a.followers = static_cast<uint32_t>(std::exp(r.real(std::log(2e5), std::log(3e7))));
    a.rate = static_cast<float>(r.real(4, 12));
    a.created = std::min(a.created, start - static_cast<int64_t>(r.real(5, 13) * 365 * kDay));
  }
}

// Distinct accounts drawn by engagement, created by `t`, not in `exclude_mark` stamp round.
class DistinctSampler {
 public:
  explicit DistinctSampler(uint32_t n) : stamp_(n, 0) {}
  void begin() { ++round_; }
  void mark(uint32_t a) { stamp_[a] = round_; }
  uint32_t draw(const AliasTable& table, const Population& pop, int64_t t, Rng& r) {
    for (int tries = 0; tries < 64; ++tries) {
      uint32_t a = table.sample(r);
      if (stamp_[a] == round_ || pop[a].created > t) continue;
      stamp_[a] = round_;
      return a;
    }
    return kNoAccount;
  }

 private:
  std::vector<uint32_t> stamp_;
  uint32_t round_ = 0;
};

std::string capitalized(std::string_view w) {
  std::string s(w);
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

double Trend::intensity(int64_t t) const {
  if (t < start || t > end) return 0;
  double dt = static_cast<double>(t - peak);
  double base = dt < 0 ? std::exp(dt / rise) : std::exp(-dt / decay);
  double spike = 0;
  for (int64_t s : spikes) spike += std::exp(-std::abs(static_cast<double>(t - s)) / 90.0);
  return std::min(0.5, strength * base * (1 + 6 * spike));
}

AccountPool::AccountPool(const Population& pop, int64_t created_before, Rng& r) {
  for (uint32_t i = 0; i < pop.size(); ++i)
    if (pop[i].role == Role::organic && pop[i].campaign < 0 && pop[i].created < created_before)
      ids_.push_back(i);
  for (size_t i = ids_.size(); i > 1; --i) std::swap(ids_[i - 1], ids_[r.below(i)]);
}

uint32_t AccountPool::take() {
  if (ids_.empty()) return kNoAccount;
  uint32_t a = ids_.back();
  ids_.pop_back();
  return a;
}

uint32_t AccountPool::take_reserved(Population& pop, uint32_t lo, uint32_t hi) {
  if (ids_.empty()) return kNoAccount;
  size_t pick = ids_.size() - 1;
  for (size_t k = 0; k < std::min<size_t>(ids_.size(), 20000); ++k) {
    size_t i = ids_.size() - 1 - k;
    if (pop[ids_[i]].followers >= lo && pop[ids_[i]].followers <= hi) {
      pick = i;
      break;
    }
  }
  uint32_t a = ids_[pick];
  ids_[pick] = ids_.back();
  ids_.pop_back();
  pop[a].role = Role::reserved;
  return a;
}

Plan make_plan(const SynthOptions& o, Population& pop, const TextGen& text) {
  Rng r(derive(o.seed, 0x706c616e));  // "plan"
  const int64_t start = o.start_s, end = o.start_s + int64_t{o.days} * kDay;
  const double days = o.days, dec = o.decoys;
  const uint32_t n = pop.size();
  const double scale = std::clamp(n / 20000.0, 0.5, 20.0);  // decoy counts grow with the platform
  Plan plan;
  plan.viral_rate = 0.006 * dec;

  pick_celebrities(pop, dec > 0 && n >= 300 ? std::clamp<uint32_t>(n / 4000, 1, 200) : 0, start, r);
  AccountPool pool(pop, start - 30 * kDay, r);
  plan.campaigns = plan_campaigns(o, pop, text, pool, r);

  // Decoy anchors first, so that fans and crowds are drawn from what is left.
  // At least one pile-on whenever decoys are on: it is the decoy that brigades must beat.
  const uint64_t pile_ons = r.poisson(days * 0.4 * dec * scale);
  for (uint64_t k = dec > 0 && n >= 1000 ? std::max<uint64_t>(1, pile_ons) : pile_ons; k > 0; --k) {
    PileOn p;
    p.size = static_cast<uint32_t>(std::min({r.pareto(40, 1.3), n / 8.0, 3000.0}));
    if (p.size < 15) continue;
    p.target = pool.take_reserved(pop, 500, 500000);
    if (p.target == kNoAccount) break;
    p.t = daytime(r, start, end - 6 * kHour, pop[p.target].tz);
    p.median_delay = r.real(1200, 5400);
    plan.pile_ons.push_back(p);
  }
  std::vector<uint32_t> celebs;
  for (uint32_t i = 0; i < n; ++i)
    if (pop[i].role == Role::celebrity) celebs.push_back(i);
  if (n >= 6000 && days >= 2 && dec > 0) {
    uint64_t count = std::max<uint64_t>(dec >= 1 && days >= 3 ? 1 : 0, r.poisson(days / 3 * dec));
    for (uint64_t k = 0; k < count; ++k) {
      MegaCascade m;
      m.author = celebs.empty() ? pool.take_reserved(pop, 10000, 5000000) : r.pick(celebs);
      if (m.author == kNoAccount) break;
      m.size = static_cast<uint32_t>(r.real(1000, std::max(1000.0, std::min(8000.0, n / 4.0))));
      m.median_delay = r.lognormal(150, 0.4);
      m.t = daytime(r, start, end - kDay, pop[m.author].tz);
      plan.megas.push_back(m);
    }
  }
  for (uint32_t c : celebs) {
    Celebrity cel;
    cel.account = c;
    cel.fans.resize(
        static_cast<size_t>(std::clamp(r.pareto(80, 1.1), 10.0, std::min(3000.0, n / 10.0))));
    cel.participation = r.real(0.05, 0.25);
    cel.median_delay = r.real(45, 240);
    plan.celebrities.push_back(std::move(cel));
  }

  // Scale organic rates so that the total lands near the target.
  const double target = o.posts > 0 ? static_cast<double>(o.posts) : 2.0 * n * days;
  double planned = 0, fans = 0, celeb_rate = 0, rate_sum = 0;
  for (const auto& c : plan.campaigns)
    planned += static_cast<double>(c.activations.size()) * (1 + c.members.size() * c.participation);
  for (const auto& p : plan.pile_ons) planned += p.size + 1;
  for (const auto& m : plan.megas) planned += m.size + 1;
  for (const auto& c : plan.celebrities) {
    double posts = pop[c.account].rate * days * session_factor() * kCelebOriginalShare;
    fans += posts * c.participation * static_cast<double>(c.fans.size());
    celeb_rate += pop[c.account].rate;
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (pop[i].role == Role::celebrity) continue;
    double active = std::clamp(static_cast<double>(end - std::max(start, pop[i].created)) /
                                   static_cast<double>(end - start),
                               0.0, 1.0);
    rate_sum += pop[i].rate * active;
  }
  const double cascade = kOriginalShare * plan.viral_rate * kCascadeMass;
  double organic = std::max(0.15 * target, (target - planned - fans) / (1 + cascade));
  double per_day = organic / session_factor() / days - celeb_rate;
  double factor = rate_sum > 0 ? std::max(per_day, 0.05 * organic / days) / rate_sum : 0;
  for (uint32_t i = 0; i < n; ++i)
    if (pop[i].role != Role::celebrity) pop[i].rate = static_cast<float>(pop[i].rate * factor);
  plan.expected_posts = organic * (1 + cascade) + planned + fans;

  // Who joins crowds: organic accounts, the busier the likelier (but sub-linearly).
  std::vector<double> w(n, 0.0);
  for (uint32_t i = 0; i < n; ++i)
    if (pop[i].role != Role::celebrity && pop[i].campaign < 0)
      w[i] = std::pow(std::max(1e-4f, pop[i].rate), 0.6);
  plan.engagement.build(w);

  DistinctSampler distinct(n);
  for (auto& c : plan.celebrities) {
    distinct.begin();
    distinct.mark(c.account);
    for (auto& f : c.fans) f = distinct.draw(plan.engagement, pop, start, r);
    std::erase(c.fans, kNoAccount);
  }

  if (dec > 0) {
    std::vector<uint32_t> quotes(lexicon::quotes().size());
    std::iota(quotes.begin(), quotes.end(), 0u);
    for (size_t i = quotes.size(); i > 1; --i) std::swap(quotes[i - 1], quotes[r.below(i)]);
    auto count = std::min<uint64_t>(quotes.size(), 1 + r.poisson(days * 0.5 * dec * scale));
    for (uint64_t k = 0; k < count; ++k) {
      Slogan s;
      s.quote = quotes[k];
      double span = r.real(1, std::min(days, 6.0)) * kDay;
      int64_t s0 = start + static_cast<int64_t>(
                               r.below(static_cast<uint64_t>(std::max(1.0, (end - start) - span))));
      auto uses = static_cast<uint32_t>(
          std::clamp(r.pareto(15, 1.1), 8.0, std::max(8.0, std::min(3000.0, n / 10.0))));
      distinct.begin();
      for (uint32_t u = 0; u < uses; ++u) {
        auto t =
            s0 + static_cast<int64_t>(span * std::pow(r.uniform(), 1.6));  // most pastes early on
        uint32_t a = distinct.draw(plan.engagement, pop, t, r);
        if (a != kNoAccount) s.uses.emplace_back(t, a);
      }
      std::sort(s.uses.begin(), s.uses.end());
      plan.slogans.push_back(std::move(s));
    }

    auto trends = static_cast<int>(std::max(1.0, std::round(days * r.real(2, 5) * dec)));
    for (int k = 0; k < trends; ++k) {
      Trend t;
      t.topic = static_cast<uint32_t>(r.below(lexicon::topics().size()));
      t.tag = capitalized(text.word(r, t.topic)) + std::string(r.pick(lexicon::event_words()));
      if (r.chance(0.3)) t.tag += std::to_string(r.range(2024, 2025));
      t.peak = start + static_cast<int64_t>(r.below(static_cast<uint64_t>(end - start)));
      t.rise = std::clamp(r.lognormal(1800, 0.8), 300.0, 6.0 * kHour);
      t.decay = std::clamp(r.lognormal(4.0 * kHour, 0.8), 1.0 * kHour, 36.0 * kHour);
      t.start = t.peak - static_cast<int64_t>(4 * t.rise);
      t.end = t.peak + static_cast<int64_t>(5 * t.decay);
      t.strength = std::min(0.08, r.lognormal(0.012, 0.7));
      for (int s = static_cast<int>(r.below(5)); s > 0; --s)
        t.spikes.push_back(
            t.peak - static_cast<int64_t>(t.rise) +
            static_cast<int64_t>(r.below(static_cast<uint64_t>(t.rise + t.decay) + 1)));
      plan.trends.push_back(std::move(t));
    }
    std::sort(plan.trends.begin(), plan.trends.end(), [](const Trend& a, const Trend& b) {
      return a.start != b.start ? a.start < b.start : a.tag < b.tag;
    });
  }

  pop.make_handles_unique();
  return plan;
}

}  // namespace lockstep::synth
