// The detector's state as bytes: "LSBRIGAD", a version, the payload, and an xxHash of the payload
// so that a torn or foreign file is refused instead of resuming from garbage. Little-endian
// fixed-width integers, length-prefixed strings. Open incidents are saved as their public
// Incident and rebuilt on restore by replaying their members (the MinHash buckets follow).
#include <fmt/format.h>

#include <cstring>

#include "base/error.h"
#include "base/hash.h"
#include "brigade/state.h"

namespace lockstep::brigade {

namespace {

constexpr char kMagic[8] = {'L', 'S', 'B', 'R', 'I', 'G', 'A', 'D'};
constexpr uint32_t kVersion = 2;

class Out {
 public:
  std::string bytes;
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>(v >> (8 * i)));
  }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void f64(double v) {
    uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    u64(b);
  }
  void str(std::string_view s) {
    u64(s.size());
    bytes.append(s);
  }
};

class In {
 public:
  explicit In(std::string_view b) : b_(b) {}
  uint64_t u64() {
    need(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<unsigned char>(b_[pos_ + i])} << (8 * i);
    pos_ += 8;
    return v;
  }
  int64_t i64() { return static_cast<int64_t>(u64()); }
  // A time in ms: unknown, or within +-2^53 ms (285,000 years) so that differences of two times
  // cannot overflow; anything else is damage, not a date.
  int64_t time() {
    const int64_t v = i64();
    if (v != store::kUnknownTime && (v > kMaxTime || v < -kMaxTime))
      throw IoError("checkpoint is damaged (a time out of range)");
    return v;
  }
  static constexpr int64_t kMaxTime = int64_t{1} << 53;
  double f64() {
    uint64_t b = u64();
    double v;
    std::memcpy(&v, &b, sizeof v);
    return v;
  }
  std::string str() {
    uint64_t n = u64();
    need(n);
    std::string s(b_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count of items each at least `min_bytes` long: bounded by what is left, so a damaged count
  // cannot make a huge allocation.
  uint64_t count(size_t min_bytes) {
    uint64_t n = u64();
    if (n > (b_.size() - pos_) / min_bytes) throw IoError("checkpoint is damaged (bad count)");
    return n;
  }
  bool done() const { return pos_ == b_.size(); }

 private:
  void need(uint64_t n) const {
    if (n > b_.size() - pos_) throw IoError("checkpoint is damaged (truncated)");
  }
  std::string_view b_;
  size_t pos_ = 0;
};

void put(Out& w, const Incident& inc) {
  w.u64(inc.id);
  w.str(inc.target);
  w.str(inc.target_handle);
  w.i64(inc.start_ms);
  w.i64(inc.opened_ms);
  w.i64(inc.last_ms);
  w.i64(inc.alert_ms);
  w.u64(inc.closed);
  w.u64(inc.events);
  w.u64(inc.accounts);
  w.f64(inc.burst_score);
  w.u64(inc.peak_window);
  w.f64(inc.baseline_per_hour);
  for (double d : {inc.novel_share, inc.fresh_share, inc.duplicate_share, inc.cluster_share,
                   inc.synchrony, inc.median_age_days, inc.coordination})
    w.f64(d);
  w.u64(inc.brigade);
  w.u64(inc.members.size());
  for (const Member& m : inc.members) {
    w.str(m.account_id);
    w.str(m.handle);
    w.i64(m.first_ms);
    w.i64(m.last_ms);
    w.u64(m.events);
    w.i64(m.created_ms);
    w.u64(uint64_t{m.novel} | uint64_t{m.fresh} << 1 | uint64_t{m.duplicate} << 2 |
          uint64_t{m.in_shared_cluster} << 3);
    w.i64(m.cluster);
    w.f64(m.score);
    w.str(m.post_id);
    w.str(m.text);
  }
}

Incident get_incident(In& r) {
  Incident inc;
  inc.id = r.u64();
  inc.target = r.str();
  inc.target_handle = r.str();
  inc.start_ms = r.time();
  inc.opened_ms = r.time();
  inc.last_ms = r.time();
  inc.alert_ms = r.time();
  inc.closed = r.u64() != 0;
  inc.events = r.u64();
  inc.accounts = static_cast<uint32_t>(r.u64());
  inc.burst_score = r.f64();
  inc.peak_window = static_cast<uint32_t>(r.u64());
  inc.baseline_per_hour = r.f64();
  for (double* d : {&inc.novel_share, &inc.fresh_share, &inc.duplicate_share, &inc.cluster_share,
                    &inc.synchrony, &inc.median_age_days, &inc.coordination})
    *d = r.f64();
  inc.brigade = r.u64() != 0;
  uint64_t n = r.count(64);
  inc.members.resize(n);
  for (Member& m : inc.members) {
    m.account_id = r.str();
    m.handle = r.str();
    m.first_ms = r.time();
    m.last_ms = r.time();
    m.events = static_cast<uint32_t>(r.u64());
    m.created_ms = r.time();
    uint64_t flags = r.u64();
    m.novel = flags & 1;
    m.fresh = flags & 2;
    m.duplicate = flags & 4;
    m.in_shared_cluster = flags & 8;
    m.cluster = static_cast<int32_t>(r.i64());
    m.score = r.f64();
    m.post_id = r.str();
    m.text = r.str();
  }
  return inc;
}

}  // namespace

std::string Detector::checkpoint() const {
  const State& s = *s_;
  Out w;
  w.i64(s.now);
  w.i64(s.last_close_check);
  w.i64(s.last_sweep);
  w.u64(s.events_since_sweep);
  w.u64(s.next_incident);
  for (uint64_t v :
       {s.stats.events, s.stats.interactions, s.stats.late, s.stats.incidents, s.stats.brigades})
    w.u64(v);
  w.u64(s.targets.size());
  for (const auto& [key, t] : s.targets) {
    w.u64(key);
    w.str(t.label);
    w.str(t.handle);
    w.i64(t.first_ms);
    w.i64(t.last_ms);
    w.f64(t.baseline.decayed);
    w.i64(t.baseline.at_ms);
    w.u64(t.incident);
    w.u64(t.window.size() - t.head);
    for (size_t i = t.head; i < t.window.size(); ++i) {
      w.i64(t.window[i].ts);
      w.u64(t.window[i].account);
    }
    w.u64(t.recent.size());
    for (const Detail& d : t.recent) {
      w.i64(d.ts);
      w.u64(d.account);
      w.u64(d.novel);
      w.str(d.post_id);
      w.str(d.text);
    }
  }
  w.u64(s.accounts.size());
  for (const auto& [key, a] : s.accounts) {
    w.u64(key);
    w.str(a.id);
    w.str(a.handle);
    w.i64(a.created_ms);
    w.i64(a.last_ms);
  }
  w.u64(s.handles.size());
  for (const auto& [h, key] : s.handles) {
    w.u64(h);
    w.u64(key);
  }
  w.u64(s.posts.size());
  for (const auto& [key, p] : s.posts) {
    w.u64(key);
    w.u64(p.author);
    w.i64(p.ts);
  }
  w.u64(s.pairs.size());
  for (const auto& [key, t] : s.pairs) {
    w.u64(key);
    w.i64(t);
  }
  w.u64(s.open.size());
  for (const auto& [id, oi] : s.open) {
    w.u64(oi.target);
    w.u64(oi.alerted_members);
    w.u64(oi.characterised_members);
    w.i64(oi.calm_since);
    put(w, oi.inc);
    std::vector<uint64_t> keys(oi.inc.members.size());
    for (const auto& [key, index] : oi.member_of) keys[index] = key;
    for (uint64_t key : keys) w.u64(key);
  }
  w.u64(s.alerts.size());
  for (const Alert& a : s.alerts) {
    w.u64(static_cast<uint64_t>(a.kind));
    w.i64(a.at_ms);
    put(w, a.incident);
  }
  w.u64(s.closed.size());
  for (const Incident& inc : s.closed) put(w, inc);

  std::string out(kMagic, sizeof kMagic);
  Out head;
  head.u64(kVersion);
  head.u64(w.bytes.size());
  head.u64(hash_bytes(w.bytes));
  out += head.bytes;
  out += w.bytes;
  return out;
}

Detector Detector::restore(std::string_view bytes, BrigadeOptions options, ClusterMap clusters) {
  if (bytes.size() < sizeof kMagic + 24 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    throw IoError("not a lockstep brigade checkpoint");
  In head(bytes.substr(sizeof kMagic, 24));
  uint64_t version = head.u64(), size = head.u64(), sum = head.u64();
  if (version != kVersion)
    throw IoError(
        fmt::format("checkpoint version {} is not {}; start without it", version, kVersion));
  std::string_view payload = bytes.substr(sizeof kMagic + 24);
  if (payload.size() != size || hash_bytes(payload) != sum)
    throw IoError("checkpoint is damaged (checksum mismatch)");

  Detector d(options, std::move(clusters));
  State& s = *d.s_;
  In r(payload);
  s.now = r.time();
  s.last_close_check = r.time();
  s.last_sweep = r.time();
  s.events_since_sweep = r.u64();
  s.next_incident = r.u64();
  for (uint64_t* v : {&s.stats.events, &s.stats.interactions, &s.stats.late, &s.stats.incidents,
                      &s.stats.brigades})
    *v = r.u64();
  for (uint64_t n = r.count(48); n > 0; --n) {
    Target& t = s.targets[r.u64()];
    t.label = r.str();
    t.handle = r.str();
    t.first_ms = r.time();
    t.last_ms = r.time();
    t.baseline.decayed = r.f64();
    t.baseline.at_ms = r.time();
    t.incident = r.u64();
    t.window.resize(r.count(16));
    for (Hit& h : t.window) {
      h.ts = r.time();
      h.account = r.u64();
    }
    for (uint64_t k = r.count(40); k > 0; --k) {
      Detail dt;
      dt.ts = r.time();
      dt.account = r.u64();
      dt.novel = r.u64() != 0;
      dt.post_id = r.str();
      dt.text = r.str();
      t.recent.push_back(std::move(dt));
    }
  }
  for (uint64_t n = r.count(40); n > 0; --n) {
    Account& a = s.accounts[r.u64()];
    a.id = r.str();
    a.handle = r.str();
    a.created_ms = r.time();
    a.last_ms = r.time();
  }
  for (uint64_t n = r.count(16); n > 0; --n) {
    uint64_t h = r.u64();
    s.handles[h] = r.u64();
  }
  for (uint64_t n = r.count(24); n > 0; --n) {
    uint64_t key = r.u64();
    PostInfo p;
    p.author = r.u64();
    p.ts = r.time();
    s.posts[key] = p;
  }
  for (uint64_t n = r.count(16); n > 0; --n) {
    uint64_t key = r.u64();
    s.pairs[key] = r.time();
  }
  for (uint64_t n = r.count(32); n > 0; --n) {
    uint64_t target = r.u64();
    uint64_t alerted = r.u64();
    uint64_t characterised = r.u64();
    int64_t calm_since = r.time();
    Incident saved = get_incident(r);
    // Rebuild the open incident by replaying its members: the same MinHash groups follow.
    if (s.open.contains(saved.id)) throw IoError("checkpoint is damaged (incident twice)");
    OpenIncident& oi = s.open[saved.id];
    oi.target = target;
    oi.inc = saved;
    oi.inc.members.clear();
    oi.inc.events = 0;
    oi.inc.accounts = 0;
    for (const Member& m : saved.members)
      s.add_member(oi, r.u64(), m.first_ms, m.novel, m.post_id, m.text);
    // Then the saved member details and counts, which replay alone cannot know (repeat hits,
    // accounts expired since, members beyond the cap).
    for (size_t i = 0; i < oi.inc.members.size() && i < saved.members.size(); ++i)
      oi.inc.members[i] = saved.members[i];
    oi.inc.events = saved.events;
    oi.inc.accounts = saved.accounts;
    oi.inc.last_ms = saved.last_ms;
    oi.characterised_members = characterised;
    oi.calm_since = calm_since;
    oi.alerted_members = alerted;
  }
  for (uint64_t n = r.count(32); n > 0; --n) {
    auto kind = static_cast<AlertKind>(r.u64());
    int64_t at = r.time();
    s.alerts.push_back({kind, at, get_incident(r)});
  }
  for (uint64_t n = r.count(32); n > 0; --n) s.closed.push_back(get_incident(r));
  if (!r.done()) throw IoError("checkpoint is damaged (trailing bytes)");
  // Targets and open incidents must point at each other.
  for (const auto& [key, t] : s.targets)
    if (t.incident != 0) {
      auto it = s.open.find(t.incident);
      if (it == s.open.end() || it->second.target != key)
        throw IoError("checkpoint is damaged (a target's incident is missing)");
    }
  for (const auto& [id, oi] : s.open) {
    auto it = s.targets.find(oi.target);
    if (id != oi.inc.id || it == s.targets.end() || it->second.incident != id)
      throw IoError("checkpoint is damaged (an incident's target is missing)");
  }
  return d;
}

}  // namespace lockstep::brigade
