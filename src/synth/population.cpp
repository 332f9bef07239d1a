#include "synth/population.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>

#include "base/hash.h"
#include "synth/lexicon.h"

namespace lockstep::synth {

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kTwitterLaunch = 1152921600;  // 2006-07-15: no account is older
constexpr int64_t kSnowflakeEpochMs = 1288834974657;
constexpr int64_t kDefaultHandlesSince = 1420070400;  // 2015-01-01
constexpr uint64_t kPersonaStream = 0x70657273;       // "pers"

// Where users live, roughly: UTC offset and share of accounts.
struct Zone {
  int8_t offset;
  double weight;
};
constexpr Zone kZones[] = {{-10, 0.5}, {-8, 12}, {-7, 4}, {-6, 6}, {-5, 14}, {-4, 3},
                           {-3, 7},    {0, 8},   {1, 12}, {2, 5},  {3, 5},   {4, 1},
                           {5, 6},     {7, 3},   {8, 6},  {9, 5},  {10, 2},  {12, 0.5}};

std::string capitalized(std::string_view w) {
  std::string s(w);
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

void append_digits(std::string& out, Rng& r, int n) {
  out += static_cast<char>('1' + r.below(9));
  for (int k = 1; k < n; ++k) out += static_cast<char>('0' + r.below(10));
}

}  // namespace

Population::Population(uint64_t seed, uint32_t count, int64_t start, int64_t end)
    : seed_(seed), accounts_(count) {
  Rng r(derive(seed, 0x706f70));  // "pop"
  std::vector<double> zone_w;
  for (const auto& z : kZones) zone_w.push_back(z.weight);
  AliasTable zones(zone_w);
  AliasTable topic_pick(zipf_weights(lexicon::topics().size(), 0.6));
  const double span_days = static_cast<double>(end - start) / kDay;
  for (auto& a : accounts_) {
    // Ages: most accounts are years old; some months; a few weeks; some join while we watch.
    double u = r.uniform(), age_days;
    if (u < 0.68)
      age_days = r.real(365, 15 * 365);
    else if (u < 0.92)
      age_days = r.real(30, 365);
    else if (u < 0.98)
      age_days = r.real(1, 30);
    else
      age_days = -r.real(0, span_days);  // created during the period
    a.created = std::max(kTwitterLaunch, start - static_cast<int64_t>(age_days * kDay));

    double rate = r.lognormal(1.0, 1.4);
    if (r.chance(0.15))
      rate *= 0.05;  // dormant: a post every few weeks
    else if (r.chance(0.012))
      rate *= 25;  // hyperactive: dozens a day
    a.rate = static_cast<float>(rate);

    double age_years = std::max(0.0, static_cast<double>(start - a.created) / (365.0 * kDay));
    double f = r.lognormal(150, 1.9) * std::sqrt(std::min(1.0, (age_years + 0.02) / 3)) *
               std::pow(rate, 0.25);
    a.followers = static_cast<uint32_t>(std::clamp(f, 0.0, 3e6));
    a.tz = kZones[zones.sample(r)].offset;
    a.topic[0] = static_cast<uint8_t>(topic_pick.sample(r));
    a.topic[1] = static_cast<uint8_t>(r.below(lexicon::topics().size()));
    double s = r.uniform();
    a.style = s < 0.25   ? HandleStyle::first_last
              : s < 0.45 ? HandleStyle::word_word
              : s < 0.65 ? HandleStyle::first_digits
              : s < 0.80 ? HandleStyle::word_digits
              : s < 0.88 ? HandleStyle::default_new  // organic people keep default handles too
                         : HandleStyle::initial_last;
    // Sign-up suggested name+8 digits only from about 2015 on.
    if (a.style == HandleStyle::default_new && a.created < kDefaultHandlesSince)
      a.style = HandleStyle::first_digits;
  }
}

void Population::make_fresh(uint32_t i, int64_t created, Rng& rng) {
  auto& a = accounts_[i];
  cache_.clear();
  a.created = std::max(kTwitterLaunch, created);
  a.style = rng.chance(0.85) ? HandleStyle::default_new : HandleStyle::first_digits;
  a.followers = static_cast<uint32_t>(std::min(400.0, rng.lognormal(6, 1.2)));
  a.rate = static_cast<float>(rng.lognormal(0.6, 0.8));
}

void Population::make_handles_unique() {
  // Open addressing over 64-bit hashes of the lower-cased handle; 0 marks an empty slot.
  size_t cap = 16;
  while (cap < size_t{2} * accounts_.size() + 16) cap <<= 1;
  std::vector<uint64_t> slots(cap, 0);
  std::string h;
  for (uint32_t i = 0; i < size(); ++i) {
    for (accounts_[i].handle_try = 0;; ++accounts_[i].handle_try) {
      persona(i, &h, nullptr);
      for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      uint64_t key = hash_bytes(h) | 1;
      size_t s = key & (cap - 1);
      while (slots[s] != 0 && slots[s] != key) s = (s + 1) & (cap - 1);
      if (slots[s] == 0) {
        slots[s] = key;
        break;
      }
      if (accounts_[i].handle_try == 255) break;  // unreachable in practice: digits grow per try
    }
  }
  cache_.clear();
}

uint64_t Population::user_id(uint32_t i) const {
  const auto& a = accounts_[i];
  int64_t ms = a.created * 1000 + static_cast<int64_t>(hash_u64(seed_ ^ i) % 1000);
  if (ms <= kSnowflakeEpochMs) return 12000000 + uint64_t{i} * 17;  // pre-snowflake: short ids
  // Snowflake layout; the index is folded in so that two accounts never share an id.
  uint64_t time_part =
      (static_cast<uint64_t>(ms - kSnowflakeEpochMs) & ~uint64_t{63}) | ((i >> 22) & 63);
  return (time_part << 22) | (i & 0x3FFFFF);
}

void Population::persona(uint32_t i, std::string* handle, std::string* name) const {
  const auto& a = accounts_[i];
  Rng r(derive(seed_, kPersonaStream, i));
  auto first = r.pick(lexicon::first_names());
  auto last = r.pick(lexicon::last_names());
  auto w1 = r.pick(lexicon::handle_words());
  auto w2 = r.pick(lexicon::handle_words());
  const bool caps = r.chance(0.45), underscore = r.chance(0.3);
  auto word = [&](std::string_view w) { return caps ? capitalized(w) : std::string(w); };
  std::string h, n;
  switch (a.style) {
    case HandleStyle::first_last:
      h = word(first) + (underscore ? "_" : "") + word(last);
      if (r.chance(0.1)) h += '_';
      n = capitalized(first) + " " + capitalized(last);
      break;
    case HandleStyle::word_word:
      h = word(w1) + (underscore ? "_" : "") + word(w2);
      n = r.chance(0.5) ? capitalized(first) : capitalized(w1) + " " + capitalized(w2);
      break;
    case HandleStyle::first_digits:
      h = word(first) + (underscore ? "_" : "");
      if (r.chance(0.5))
        h += std::to_string(r.range(1965, 2007));
      else
        append_digits(h, r, static_cast<int>(r.range(2, 3)));
      n = capitalized(first) +
          (r.chance(0.5) ? " " + std::string(1, static_cast<char>(std::toupper(last[0]))) + "."
                         : "");
      break;
    case HandleStyle::word_digits:
      h = word(w1) + (r.chance(0.5) ? word(w2) : "");
      append_digits(h, r, static_cast<int>(r.range(2, 4)));
      n = capitalized(first);
      break;
    case HandleStyle::default_new:
      h = capitalized(first) + (r.chance(0.4) ? capitalized(last) : "");
      h.resize(std::min<size_t>(h.size(), 7));
      append_digits(h, r, 8);
      n = capitalized(first) + (r.chance(0.6) ? " " + capitalized(last) : "");
      break;
    case HandleStyle::initial_last:
      h = std::string(1, first[0]) + (underscore ? "_" : "") + word(last);
      if (r.chance(0.5)) append_digits(h, r, 2);
      n = capitalized(first) + " " + capitalized(last);
      break;
  }
  if (a.role == Role::celebrity && r.chance(0.5)) h = (r.chance(0.5) ? "real" : "the") + h;
  if (handle) {
    if (a.handle_try > 0) {
      // Collision: what people do on sign-up, add digits.
      Rng t(derive(seed_, kPersonaStream + a.handle_try, i));
      std::string suffix;
      append_digits(suffix, t, 1 + a.handle_try / 8);
      h.resize(std::min(h.size(), 15 - std::min<size_t>(15, suffix.size())));
      h += suffix;
    }
    if (h.size() > 15) h.resize(15);
    *handle = std::move(h);
  }
  if (name) {
    double s = r.uniform();
    if (s < 0.08)
      n += " " + std::string(r.pick(lexicon::emoji()));
    else if (s < 0.12)
      n = "Dr. " + n;
    else if (s < 0.2)
      for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    *name = std::move(n);
  }
}

const Population::Card& Population::card(uint32_t i) const {
  if (cache_.empty())
    cache_.resize(std::min<size_t>(size_t{1} << 16, std::bit_ceil(accounts_.size())));
  Card& c = cache_[i & (cache_.size() - 1)];
  if (c.index != i) {
    persona(i, &c.handle, &c.name);
    c.id = user_id(i);
    c.index = i;
  }
  return c;
}

void Population::handle(uint32_t i, std::string& out) const {
  out = card(i).handle;
}
void Population::display_name(uint32_t i, std::string& out) const {
  out = card(i).name;
}

uint32_t Population::friends(uint32_t i) const {
  uint64_t h = hash_u64(seed_ ^ (uint64_t{i} << 20) ^ 0xf71e);
  return static_cast<uint32_t>(30 + h % 900 + (accounts_[i].followers / 20));
}

uint32_t Population::statuses(uint32_t i, int64_t t) const {
  const auto& a = accounts_[i];
  double days = std::max<int64_t>(0, t - a.created) / static_cast<double>(kDay);
  return static_cast<uint32_t>(
      std::min(4e9, days * a.rate * 0.7 + static_cast<double>(hash_u64(i) % 40)));
}

}  // namespace lockstep::synth
