#include "coord/features.h"

#include <cctype>
#include <cmath>
#include <unordered_map>

namespace lockstep::coord {

bool looks_generated_handle(std::string_view h) {
  size_t digits = 0;
  while (digits < h.size() && std::isdigit(static_cast<unsigned char>(h[h.size() - 1 - digits])))
    ++digits;
  if (digits < 6 || digits == h.size()) return false;
  for (size_t i = 0; i < h.size() - digits; ++i)
    if (!std::isalpha(static_cast<unsigned char>(h[i])) && h[i] != '_') return false;
  return true;
}

std::vector<AccountFeatures> account_features(const store::EventTable& t,
                                              const std::vector<uint32_t>& accounts) {
  std::unordered_map<uint32_t, size_t> index;
  for (size_t i = 0; i < accounts.size(); ++i) index.emplace(accounts[i], i);
  struct Acc {
    uint32_t events = 0, reposts = 0;
    int64_t first = 0, last = 0;
    std::array<uint32_t, 24> hours{};
  };
  std::vector<Acc> acc(accounts.size());
  for (size_t e = 0; e < t.size(); ++e) {
    auto it = index.find(t.account[e]);
    if (it == index.end()) continue;
    Acc& a = acc[it->second];
    if (a.events == 0) a.first = t.ts_ms[e];
    a.last = t.ts_ms[e];
    ++a.events;
    a.reposts += t.kind_of(e) == store::EventKind::repost;
    int64_t hour = ((t.ts_ms[e] / 3'600'000) % 24 + 24) % 24;
    ++a.hours[static_cast<size_t>(hour)];
  }
  std::vector<AccountFeatures> out(accounts.size());
  for (size_t i = 0; i < accounts.size(); ++i) {
    const Acc& a = acc[i];
    AccountFeatures& f = out[i];
    f.events = a.events;
    if (a.events == 0) continue;
    double days = std::max(1.0, static_cast<double>(a.last - a.first) / 86'400'000.0);
    f.posts_per_day = a.events / days;
    f.repost_share = static_cast<double>(a.reposts) / a.events;
    for (uint32_t c : a.hours) {
      if (c == 0) continue;
      double p = static_cast<double>(c) / a.events;
      f.hour_entropy -= p * std::log2(p);
    }
    int64_t created = t.account_created_ms[accounts[i]];
    if (created != store::kUnknownTime)
      f.account_age_days = static_cast<double>(a.first - created) / 86'400'000.0;
    f.digits_handle = looks_generated_handle(t.account_handles[accounts[i]]);
  }
  return out;
}

}  // namespace lockstep::coord
