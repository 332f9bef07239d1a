// The streaming detector: who interacts with whom, per-target windows, incidents opening,
// growing and closing, and expiry of idle state.
#include <algorithm>
#include <cctype>
#include <utility>

#include "base/hash.h"
#include "brigade/state.h"

namespace lockstep::brigade {

namespace {

constexpr uint64_t kAccountSeed = 1, kHandleSeed = 2, kPostSeed = 3, kPostTargetSeed = 4;
constexpr size_t kMaxText = 1024;          // reply text kept as evidence, bytes
constexpr int64_t kCloseCheckMs = 1000;    // how often (stream time) open incidents are looked at
constexpr int64_t kSweepEveryMs = 60'000;  // stream time between expiry sweeps, at least

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

std::string folded_handle(std::string_view h) {
  std::string out(h);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

uint64_t pair_key(uint64_t account, uint64_t target) {
  return hash_u64(account ^ hash_u64(target + 0x51ed27));
}

std::string_view clip(std::string_view s) {
  if (s.size() <= kMaxText) return s;
  size_t n = kMaxText;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // whole code points
  return s.substr(0, n);
}

}  // namespace

uint64_t Detector::State::author_key(const store::AccountRef& a, bool learn, int64_t ts) {
  if (a.id.empty()) {
    // Only a handle: the account it belongs to when known, else the handle itself.
    std::string h = folded_handle(a.handle);
    uint64_t hk = hash_bytes(h, kHandleSeed);
    if (auto it = handles.find(hk); it != handles.end()) return it->second;
    uint64_t key = hash_bytes("@" + h, kAccountSeed);
    if (learn) {
      auto& acc = accounts[key];
      if (acc.id.empty()) acc.id = "@" + a.handle;
      acc.handle = a.handle;
      acc.last_ms = std::max(acc.last_ms, ts);
      if (a.created_ms != store::kUnknownTime) acc.created_ms = a.created_ms;
    }
    return key;
  }
  uint64_t key = hash_bytes(a.id, kAccountSeed);
  if (learn) {
    auto& acc = accounts[key];
    if (acc.id.empty()) acc.id = a.id;
    if (!a.handle.empty() && acc.handle != a.handle) {
      acc.handle = a.handle;
      handles[hash_bytes(folded_handle(a.handle), kHandleSeed)] = key;
    }
    if (a.created_ms != store::kUnknownTime) acc.created_ms = a.created_ms;
    acc.last_ms = std::max(acc.last_ms, ts);
  }
  return key;
}

bool Detector::State::tick(int64_t ts) {
  ++stats.events;
  if (ts == store::kUnknownTime) return false;
  if (now == store::kUnknownTime || ts > now) {
    advance(ts);
  } else if (ts < now) {
    ++stats.late;
  }
  ++events_since_sweep;
  return true;
}

void Detector::State::add(const store::PostRecord& r) {
  if (!tick(r.ts_ms)) return;
  const uint64_t author = author_key(r.author, true, now);
  if (!r.post_id.empty()) posts[hash_bytes(r.post_id, kPostSeed)] = {author, now};
  if (r.kind == store::EventKind::repost) return;  // a repost is not an interaction

  // Targets: the author answered or quoted, and the accounts mentioned; each once.
  uint64_t done[8];
  size_t n_done = 0;
  auto once = [&](uint64_t key) {
    if (key == author) return false;
    for (size_t i = 0; i < n_done; ++i)
      if (done[i] == key) return false;
    if (n_done == std::size(done)) return false;  // a post naming more targets is spam anyway
    done[n_done++] = key;
    return true;
  };
  auto account_target = [&](const store::AccountRef& ref) {
    uint64_t key = author_key(ref, !ref.id.empty(), now);
    if (!once(key)) return;
    auto it = accounts.find(key);
    if (it != accounts.end())
      interact(key, it->second.id, it->second.handle, author, r);
    else
      interact(key, ref.id.empty() ? "@" + ref.handle : ref.id, ref.handle, author, r);
  };
  if ((r.kind == store::EventKind::reply || r.kind == store::EventKind::quote)) {
    if (!r.parent_author.empty()) {
      account_target(r.parent_author);
    } else if (!r.parent_post_id.empty()) {
      auto it = posts.find(hash_bytes(r.parent_post_id, kPostSeed));
      if (it != posts.end()) {
        uint64_t key = it->second.author;
        auto acc = accounts.find(key);
        if (once(key)) {
          if (acc != accounts.end())
            interact(key, acc->second.id, acc->second.handle, author, r);
          else
            interact(key, "post:" + r.parent_post_id, "", author, r);
        }
      } else {
        // The post is older than what is remembered: the post itself is the target.
        uint64_t key = hash_bytes(r.parent_post_id, kPostTargetSeed);
        if (once(key)) interact(key, "post:" + r.parent_post_id, "", author, r);
      }
    }
  }
  for (const auto& m : r.mentions)
    if (!m.empty()) account_target(m);
}

void Detector::State::interact(uint64_t tkey, const std::string& label, const std::string& handle,
                               uint64_t account, const store::PostRecord& r) {
  ++stats.interactions;
  auto [it, created] = targets.try_emplace(tkey);
  Target& t = it->second;
  if (created) {
    t.label = label;
    t.handle = handle;
    t.first_ms = now;
  }
  t.last_ms = now;
  // Interactions leaving the window join the baseline.
  const int64_t horizon = now - o.window_ms;
  while (t.head < t.window.size() && t.window[t.head].ts <= horizon)
    t.baseline.add(t.window[t.head++].ts, o.baseline_tau_ms);
  if (t.head > 64 && t.head * 2 > t.window.size()) {
    t.window.erase(t.window.begin(), t.window.begin() + t.head);
    t.head = 0;
  }
  size_t stale = 0;
  while (stale < t.recent.size() && t.recent[stale].ts <= horizon) ++stale;
  t.recent.erase(t.recent.begin(), t.recent.begin() + static_cast<ptrdiff_t>(stale));

  auto [pit, fresh_pair] = pairs.try_emplace(pair_key(account, tkey), now);
  const bool novel = fresh_pair || now - pit->second > o.history_ms;
  pit->second = now;

  t.window.push_back({now, account});
  std::string_view text = clip(r.text);
  if (t.incident != 0) {
    OpenIncident& oi = open.at(t.incident);
    add_member(oi, account, now, novel, r.post_id, text);
    uint32_t n = t.in_window();
    oi.inc.peak_window = std::max(oi.inc.peak_window, n);
    const double window_h = static_cast<double>(o.window_ms) / 3'600'000.0;
    oi.inc.burst_score =
        std::max(oi.inc.burst_score, burst_surprise(n, oi.inc.baseline_per_hour * window_h));
    // The burst ends when the window is unremarkable against what the target now gets.
    const double now_per_hour =
        t.baseline.per_hour(now, o.baseline_tau_ms, o.prior_per_hour, now - t.first_ms);
    if (burst_surprise(n, now_per_hour * window_h) >= o.close_surprise)
      oi.calm_since = store::kUnknownTime;
    else if (oi.calm_since == store::kUnknownTime)
      oi.calm_since = now;
    characterise(oi);
    maybe_alert(oi);
    return;
  }
  t.recent.push_back({now, account, novel, r.post_id, std::string(text)});
  if (t.recent.size() > o.evidence_per_target) t.recent.erase(t.recent.begin());
  const uint32_t n = t.in_window();
  if (n < o.min_events) return;
  const double per_hour =
      t.baseline.per_hour(now, o.baseline_tau_ms, o.prior_per_hour, now - t.first_ms);
  const double expected = per_hour * static_cast<double>(o.window_ms) / 3'600'000.0;
  const double surprise = burst_surprise(n, expected);
  if (surprise >= o.open_surprise) open_incident(tkey, t, surprise, per_hour);
}

void Detector::State::open_incident(uint64_t tkey, Target& t, double surprise, double per_hour) {
  uint64_t id = next_incident++;
  OpenIncident& oi = open[id];
  oi.target = tkey;
  Incident& inc = oi.inc;
  inc.id = id;
  inc.target = t.label;
  inc.target_handle = t.handle;
  inc.start_ms = t.window[t.head].ts;
  inc.opened_ms = now;
  inc.burst_score = surprise;
  inc.peak_window = t.in_window();
  inc.baseline_per_hour = per_hour;
  // The interactions that raised the burst are its first members; older ones in the window that
  // fell out of the evidence ring are counted only.
  inc.events = t.in_window() - std::min<uint32_t>(t.in_window(), t.recent.size());
  for (const Detail& d : t.recent) add_member(oi, d.account, d.ts, d.novel, d.post_id, d.text);
  t.recent = {};  // release the memory too
  t.incident = id;
  ++stats.incidents;
  characterise(oi);
  maybe_alert(oi);
}

void Detector::State::add_member(OpenIncident& oi, uint64_t account, int64_t ts, bool novel,
                                 std::string_view post_id, std::string_view text) {
  Incident& inc = oi.inc;
  ++inc.events;
  inc.last_ms = std::max(inc.last_ms, ts);
  auto [it, is_new] = oi.member_of.try_emplace(account, static_cast<uint32_t>(inc.members.size()));
  if (!is_new) {
    Member& m = inc.members[it->second];
    ++m.events;
    m.last_ms = std::max(m.last_ms, ts);
    return;
  }
  ++inc.accounts;
  if (inc.members.size() >= o.max_members) {
    oi.member_of.erase(it);  // counted, not kept
    return;
  }
  Member m;
  if (auto acc = accounts.find(account); acc != accounts.end()) {
    m.account_id = acc->second.id;
    m.handle = acc->second.handle;
    m.created_ms = acc->second.created_ms;
  }
  m.first_ms = m.last_ms = ts;
  m.events = 1;
  m.novel = novel;
  m.fresh = m.created_ms != store::kUnknownTime && ts - m.created_ms < o.fresh_age_ms;
  if (auto c = clusters.find(m.account_id); c != clusters.end()) m.cluster = c->second;
  m.post_id = post_id;
  m.text = text;

  // Near-duplicate text: compare with the members sharing an LSH band bucket.
  const auto idx = static_cast<uint32_t>(inc.members.size());
  oi.parent.push_back(idx);
  oi.group_size.push_back(1);
  normalizer.match_key(m.text, scratch);
  text::message_words(scratch, key_scratch);  // "@target ...": the mention is not the message
  const bool eligible = text::count_letters(key_scratch) >= o.duplicate_min_letters;
  oi.has_sig.push_back(eligible);
  oi.sig.push_back(eligible ? text::minhash_signature(key_scratch, o.seed)
                            : text::MinHashSignature{});
  inc.members.push_back(std::move(m));
  if (!eligible) return;
  auto find = [&](uint32_t x) {
    while (oi.parent[x] != x) x = oi.parent[x] = oi.parent[oi.parent[x]];
    return x;
  };
  constexpr int kBands = 16, kRows = text::kMinHashBins / kBands;
  const auto& s = oi.sig[idx];
  for (int b = 0; b < kBands; ++b) {
    uint64_t h = hash_bytes(std::string_view(reinterpret_cast<const char*>(s.data() + b * kRows),
                                             kRows * sizeof(uint32_t)),
                            static_cast<uint64_t>(b));
    auto& bucket = oi.bands[h];
    for (uint32_t other : bucket) {
      if (find(other) == find(idx)) continue;
      if (text::minhash_similarity(oi.sig[other], s) < o.duplicate_jaccard) continue;
      uint32_t a = find(other), c = find(idx);
      if (a > c) std::swap(a, c);
      oi.parent[c] = a;
      oi.group_size[a] += oi.group_size[c];
    }
    // A bucket keeps a few representatives: enough to join a family of variants.
    if (bucket.size() < 8) bucket.push_back(idx);
  }
}

void Detector::State::advance(int64_t t) {
  if (now != store::kUnknownTime && t <= now) return;
  now = t;
  if (last_close_check == store::kUnknownTime) last_close_check = last_sweep = now;
  if (now - last_close_check >= kCloseCheckMs) {
    last_close_check = now;
    for (auto it = open.begin(); it != open.end();) {
      const OpenIncident& oi = it->second;
      if (now - oi.inc.last_ms > o.quiet_ms ||
          (oi.calm_since != store::kUnknownTime && now - oi.calm_since > o.quiet_ms)) {
        close(it->second);
        it = open.erase(it);
      } else {
        ++it;
      }
    }
  }
  // Expiry sweeps cost the size of the maps: run them once enough stream time has passed and
  // enough events came in to pay for it.
  const size_t size = targets.size() + accounts.size() + posts.size() + pairs.size();
  if (now - last_sweep >= kSweepEveryMs && events_since_sweep * 4 >= size) sweep();
}

void Detector::State::close(OpenIncident& oi) {
  Incident& inc = oi.inc;
  inc.closed = true;
  if (auto t = targets.find(oi.target); t != targets.end()) t->second.incident = 0;
  oi.characterised_members = 0;  // force a final characterisation
  characterise(oi);
  if (inc.brigade) {
    ++stats.brigades;
    alerts.push_back({AlertKind::closed, now, inc});
  }
  closed.push_back(std::move(inc));
}

void Detector::State::finish() {
  for (auto& [id, oi] : open) close(oi);
  open.clear();
}

void Detector::State::sweep() {
  const int64_t previous = last_sweep;
  last_sweep = now;
  events_since_sweep = 0;
  std::erase_if(targets, [&](const auto& kv) {
    return kv.second.incident == 0 && now - kv.second.last_ms > o.target_expiry_ms;
  });
  std::erase_if(accounts,
                [&](const auto& kv) { return now - kv.second.last_ms > o.target_expiry_ms; });
  std::erase_if(handles, [&](const auto& kv) { return !accounts.contains(kv.second); });
  std::erase_if(posts, [&](const auto& kv) { return now - kv.second.ts > o.post_memory_ms; });
  // Pairs are checked for age where they are used, so they only cost memory: a week's worth is
  // the biggest map, and going through it once an eighth of its horizon (not every minute) took
  // most of the sweeping out of a 10M-event history run.
  const int64_t pair_period = std::max<int64_t>(1, o.history_ms / 8);
  if (floor_div(now, pair_period) != floor_div(previous, pair_period))
    std::erase_if(pairs, [&](const auto& kv) { return now - kv.second > o.history_ms; });
}

// --- the public face -------------------------------------------------------------------------

Detector::Detector(BrigadeOptions options, ClusterMap clusters)
    : s_(std::make_unique<State>(options, std::move(clusters))) {}
Detector::~Detector() = default;
Detector::Detector(Detector&&) noexcept = default;
Detector& Detector::operator=(Detector&&) noexcept = default;

void Detector::add(const store::PostRecord& r) {
  s_->add(r);
}
void Detector::advance(int64_t now_ms) {
  s_->advance(now_ms);
}
void Detector::pass(int64_t ts_ms) {
  s_->tick(ts_ms);
}
void Detector::finish() {
  s_->finish();
}

std::vector<Alert> Detector::take_alerts() {
  return std::exchange(s_->alerts, {});
}
std::vector<Incident> Detector::take_closed() {
  return std::exchange(s_->closed, {});
}
const BrigadeOptions& Detector::options() const {
  return s_->o;
}

DetectorStats Detector::stats() const {
  DetectorStats st = s_->stats;
  st.targets = s_->targets.size();
  st.accounts = s_->accounts.size();
  st.posts = s_->posts.size();
  st.pairs = s_->pairs.size();
  st.open_incidents = s_->open.size();
  st.now_ms = s_->now;
  return st;
}

const char* to_string(AlertKind k) {
  switch (k) {
    case AlertKind::opened:
      return "brigade";
    case AlertKind::grew:
      return "brigade_grew";
    case AlertKind::closed:
      return "brigade_closed";
  }
  return "?";
}

}  // namespace lockstep::brigade
