// The loop, writing, and organic behaviour: everyday posting, replies and reposts of recent posts,
// trending hashtags, viral cascades and fan bursts.
#include "synth/engine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "base/hash.h"
#include "synth/lexicon.h"

namespace lockstep::synth {

namespace {

constexpr int64_t kDay = 86400, kHour = 3600, kWindow = 300;
constexpr int64_t kSnowflakeEpochMs = 1288834974657;
constexpr uint32_t kPopularFollowers = 2000;

// Activity by local hour (relative): a night trough, a lunch bump, an evening peak.
constexpr double kDiurnal[24] = {0.62, 0.40, 0.26, 0.18, 0.15, 0.18, 0.34, 0.66,
                                 0.95, 1.08, 1.12, 1.18, 1.28, 1.22, 1.15, 1.14,
                                 1.18, 1.25, 1.36, 1.50, 1.64, 1.66, 1.45, 1.05};
constexpr double kDiurnalMean = [] {
  double s = 0;
  for (double d : kDiurnal) s += d;
  return s / 24;
}();
// Monday first: weekends a little quieter and later.
constexpr double kWeekly[7] = {1.03, 1.05, 1.05, 1.04, 0.99, 0.90, 0.94};

double activity(int64_t local) {
  int64_t s = ((local % kDay) + kDay) % kDay;
  double h = static_cast<double>(s) / kHour;
  auto i = static_cast<size_t>(h);
  double f = h - static_cast<double>(i);
  double d = (kDiurnal[i] * (1 - f) + kDiurnal[(i + 1) % 24] * f) / kDiurnalMean;
  int64_t days = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  return d * kWeekly[static_cast<size_t>(((days + 3) % 7 + 7) % 7)];  // 1970-01-01 was a Thursday
}

}  // namespace

Engine::Engine(const SynthOptions& o, const Population& pop, const Plan& plan, const TextGen& text,
               Formatter& fmt, Output& out, TruthWriter& truth)
    : o_(o),
      pop_(pop),
      plan_(plan),
      renderer_(pop, plan, text),
      fmt_(fmt),
      out_(out),
      truth_(truth),
      rng_(derive(o.seed, 0x72756e)),  // "run"
      start_(o.start_s),
      end_(o.start_s + int64_t{o.days} * kDay),
      profiles_(fmt.wants_profile()) {
  std::map<int, size_t> zone_of;
  for (uint32_t i = 0; i < pop_.size(); ++i) {
    auto [it, fresh] = zone_of.emplace(pop_[i].tz, zones_.size());
    if (fresh) zones_.push_back(Zone{pop_[i].tz, 0, {}, {}});
    zones_[it->second].accounts.push_back(i);
  }
  std::vector<double> w;
  for (auto& z : zones_) {
    w.clear();
    for (uint32_t a : z.accounts) w.push_back(pop_[a].rate);
    for (double x : w) z.rate += x;
    z.pick.build(w);
  }
  // Recent posts that others react to: about two hours' worth.
  auto ring =
      static_cast<size_t>(std::clamp(plan_.expected_posts / o.days / 12, 4096.0, 1048576.0));
  recent_.resize(ring);
  popular_.resize(ring / 4);
  for (uint32_t c = 0; c < plan_.celebrities.size(); ++c)
    celebrity_of_[plan_.celebrities[c].account] = c;
  fan_events_.assign(plan_.celebrities.size(), 0);
  for (const auto& c : plan_.campaigns) acted_.emplace_back(c.members.size(), 0);
  stamp_.assign(pop_.size(), 0);
  trend_uses_.assign(plan_.trends.size(), 0);
  bodies_.resize(size_t{1} << 14);
}

void Engine::push(Action a) {
  if (a.t >= end_) return;
  a.seq = seq_++;
  uint32_t slot;
  if (free_.empty()) {
    slot = static_cast<uint32_t>(pool_.size());
    pool_.push_back(std::move(a));
  } else {
    slot = free_.back();
    free_.pop_back();
    pool_[slot] = std::move(a);
  }
  heap_.push(Slot{pool_[slot].t, pool_[slot].seq, slot});
}

void Engine::warm_up() {
  // The platform did not start with us: fill the recent-post rings with posts from the two hours
  // before the start (outside the output, as in any collection), so the first reposts of the run
  // spread over many posts instead of piling onto the first few.
  const size_t n = recent_.size();
  std::vector<int64_t> times(n);
  for (auto& t : times) t = start_ - 1 - static_cast<int64_t>(rng_.below(2 * kHour));
  std::sort(times.begin(), times.end());
  for (int64_t t : times) {
    uint32_t a = plan_.engagement.sample(rng_);
    if (pop_[a].created > t) continue;
    PostRef p{next_post_id(t), t, a, store::EventKind::post,
              Content{rng_.next(), pop_[a].topic[0], 0, ContentKind::organic}};
    recent_[recent_n_++ % recent_.size()] = p;
    if (pop_[a].followers >= kPopularFollowers) popular_[popular_n_++ % popular_.size()] = p;
  }
}

void Engine::run() {
  warm_up();
  schedule_plan();
  for (int64_t ws = start_; ws < end_; ws += kWindow) {
    const int64_t we = std::min(ws + kWindow, end_);
    while (next_trend_ < plan_.trends.size() && plan_.trends[next_trend_].start < we)
      active_trends_.push_back(next_trend_++);
    std::erase_if(active_trends_, [&](size_t i) { return plan_.trends[i].end < ws; });
    trend_minute_ = -1;
    organic_window(ws, we);
    size_t i = 0;
    const Later later;
    for (;;) {
      bool from_heap = !heap_.empty() && heap_.top().t < we &&
                       (i == window_.size() || later(window_[i], heap_.top()));
      if (from_heap) {
        const uint32_t slot = heap_.top().pool;
        heap_.pop();
        Action a = std::move(pool_[slot]);
        free_.push_back(slot);
        dispatch(a);
      } else if (i < window_.size()) {
        const Organic& o = window_[i++];
        organic_action(o.account, o.t);
      } else {
        break;
      }
    }
    if (o_.progress && stats_.posts >= next_progress_) {
      std::fprintf(stderr, "\rsynth: %llu posts, day %.1f of %u   ",
                   static_cast<unsigned long long>(stats_.posts),
                   static_cast<double>(we - start_) / kDay, o_.days);
      next_progress_ = stats_.posts + 500000;
    }
  }
  if (o_.progress) std::fprintf(stderr, "\n");
  finish_decoys();
}

void Engine::organic_window(int64_t ws, int64_t we) {
  window_.clear();
  const int64_t len = we - ws;
  for (const auto& z : zones_) {
    double mean = z.rate * activity(ws + len / 2 + z.tz * kHour) * static_cast<double>(len) / kDay;
    for (uint64_t n = rng_.poisson(mean); n > 0; --n) {
      int64_t t = ws + static_cast<int64_t>(rng_.below(static_cast<uint64_t>(len)));
      window_.push_back(Organic{t, seq_++, z.accounts[z.pick.sample(rng_)]});
    }
  }
  std::sort(window_.begin(), window_.end(),
            [](const Organic& a, const Organic& b) { return Later()(b, a); });
}

void Engine::dispatch(const Action& a) {
  using store::EventKind;
  switch (a.type) {
    case ActionType::organic:
      organic_action(a.account, a.t);
      break;
    case ActionType::post:
      emit(EventKind::post, a.t, a.account, a.content, a.addressee, nullptr);
      break;
    case ActionType::repost:
      emit(EventKind::repost, a.t, a.account, a.content, kNoAccount, &a.parent);
      break;
    case ActionType::reply:
      emit(EventKind::reply, a.t, a.account, a.content, a.addressee, &a.parent);
      break;
    case ActionType::quote:
      emit(EventKind::quote, a.t, a.account, a.content, kNoAccount, &a.parent);
      break;
    case ActionType::campaign:
      campaign_activation(a.index, a.sub, a.t);
      break;
    case ActionType::pile_on:
      pile_on(a.index, a.t);
      break;
    case ActionType::mega:
      mega_cascade(a.index, a.t);
      break;
  }
}

uint64_t Engine::next_post_id(int64_t t) {
  ++post_counter_;
  int64_t ms = t * 1000 + static_cast<int64_t>(hash_u64(post_counter_) % 1000);
  // Snowflake-like: time in the high bits, so ids grow with time as real ones do (--start is 2011
  // or later, after the snowflake epoch).
  return (static_cast<uint64_t>(ms - kSnowflakeEpochMs) << 22) | (post_counter_ & 0x3FFFFF);
}

void Engine::fill(uint32_t a, int64_t t, AccountInfo& out) const {
  if (out.index != a) {
    out.index = a;
    const auto& card = pop_.card(a);
    out.id = card.id;
    out.handle = card.handle;
    out.created = pop_[a].created;
    out.followers = pop_[a].followers;
    if (profiles_) {
      out.name = card.name;
      out.friends = pop_.friends(a);
    }
  }
  if (profiles_) out.statuses = pop_.statuses(a, t);
}

const Body& Engine::original_body(const PostRef& p) {
  CachedBody& e = bodies_[hash_u64(p.id) & (bodies_.size() - 1)];
  if (e.id != p.id) {
    renderer_.render(p.content, p.id, p.author, kNoAccount, e.body);
    e.id = p.id;
  }
  return e.body;
}

PostRef Engine::emit(store::EventKind kind, int64_t t, uint32_t author, const Content& c,
                     uint32_t addressee, const PostRef* parent) {
  using store::EventKind;
  if (author == kNoAccount || pop_[author].created > t) return {};
  const uint64_t id = next_post_id(t);
  fill(author, t, author_info_);
  EventView v;
  v.id = id;
  v.t = t;
  v.kind = kind;
  v.author = &author_info_;
  if (parent) {
    fill(parent->author, parent->t, parent_info_);
    v.parent_id = parent->id;
    v.parent_t = parent->t;
    v.parent_author = &parent_info_;
    if (kind == EventKind::repost || kind == EventKind::quote)
      v.parent_body = &original_body(*parent);
  }
  if (kind == EventKind::repost) {
    renderer_.repost(*v.parent_body, parent->author, body_);
    v.body = &body_;
  } else if (kind == EventKind::post && addressee == kNoAccount) {
    // An original others may embed later: render it straight into the cache.
    CachedBody& e = bodies_[hash_u64(id) & (bodies_.size() - 1)];
    renderer_.render(c, id, author, kNoAccount, e.body);
    e.id = id;
    v.body = &e.body;
  } else {
    renderer_.render(c, id, author, addressee, body_);
    if (kind == EventKind::quote) renderer_.add_permalink(body_, parent->author, parent->id, id);
    v.body = &body_;
  }
  fmt_.append(v, out_.begin_record());
  out_.end_record();
  ++stats_.posts;
  ++stats_.by_kind[static_cast<size_t>(kind)];
  PostRef ref{id, t, author, kind, c};
  if (kind == EventKind::post) after_original(ref, addressee);
  return ref;
}

void Engine::after_original(const PostRef& p, uint32_t addressee) {
  // Only posts that re-render the same way without their addressee can be embedded later.
  if (addressee != kNoAccount) return;
  recent_[recent_n_++ % recent_.size()] = p;
  const Account& a = pop_[p.author];
  if (a.followers >= kPopularFollowers) popular_[popular_n_++ % popular_.size()] = p;
  if (a.role == Role::celebrity) {
    auto it = celebrity_of_.find(p.author);
    if (it != celebrity_of_.end()) fan_burst(p, it->second);
  }
  if (p.content.kind == ContentKind::organic) maybe_cascade(p);
}

bool Engine::pick_recent(bool popular, int64_t before, uint32_t not_by, PostRef& out) {
  for (int pass = 0; pass < 2; ++pass, popular = !popular) {
    const auto& ring = popular ? popular_ : recent_;
    size_t n = std::min(popular ? popular_n_ : recent_n_, ring.size());
    if (n == 0) continue;
    const PostRef& p = ring[rng_.below(n)];
    if (p.t < before && p.author != not_by) {
      out = p;
      return true;
    }
  }
  return false;
}

uint32_t Engine::trending_tag(int64_t t, uint32_t topic) {
  if (t / 60 != trend_minute_) {
    // Intensities change slowly: evaluate them once a minute, not once a post.
    trend_minute_ = t / 60;
    trend_now_.clear();
    for (size_t i : active_trends_) trend_now_.push_back(plan_.trends[i].intensity(t));
  }
  for (size_t k = 0; k < active_trends_.size(); ++k) {
    const size_t i = active_trends_[k];
    const Trend& tr = plan_.trends[i];
    if (rng_.chance(trend_now_[k] * (tr.topic == topic ? 4 : 1))) {
      ++trend_uses_[i];
      return static_cast<uint32_t>(i + 1);
    }
  }
  return 0;
}

void Engine::organic_action(uint32_t u, int64_t t) {
  using store::EventKind;
  const Account& acc = pop_[u];
  if (acc.created > t) return;
  const bool celeb = acc.role == Role::celebrity;
  uint32_t topic = rng_.chance(0.7)   ? acc.topic[0]
                   : rng_.chance(0.8) ? acc.topic[1]
                                      : static_cast<uint32_t>(rng_.below(lexicon::topics().size()));
  Content c{rng_.next(), topic, 0, ContentKind::organic};
  double x = rng_.uniform();
  PostRef parent;
  if (x < (celeb ? 0.85 : 0.50)) {
    c.b = trending_tag(t, topic);
    emit(EventKind::post, t, u, c, kNoAccount, nullptr);
  } else if (x < (celeb ? 0.95 : 0.67)) {
    if (pick_recent(rng_.chance(0.5), t, u, parent)) {
      if (parent.content.kind == ContentKind::organic)
        c.a = parent.content.a;  // stay on the thread's topic
      emit(EventKind::reply, t, u, c, parent.author, &parent);
    }
  } else if (x < (celeb ? 1.0 : 0.95)) {
    // A ring member does not repost its ring's posts off schedule: the schedule is the signal.
    if (pick_recent(rng_.chance(0.7), t, u, parent) &&
        !(parent.content.kind == ContentKind::campaign_seed &&
          acc.campaign == static_cast<int>(parent.content.a)))
      emit(EventKind::repost, t, u, c, kNoAccount, &parent);
  } else if (pick_recent(true, t, u, parent)) {
    emit(EventKind::quote, t, u, c, kNoAccount, &parent);
  }
  if (rng_.chance(kSessionContinue)) {
    // People post in sessions: the next action a few minutes later.
    Action next;
    next.t = t + static_cast<int64_t>(std::clamp(rng_.lognormal(240, 1.0), 5.0, 7200.0));
    next.account = u;
    push(next);
  }
}

uint32_t Engine::draw_distinct(int64_t t) {
  for (int tries = 0; tries < 64; ++tries) {
    uint32_t a = plan_.engagement.sample(rng_);
    if (stamp_[a] == round_ || pop_[a].created > t) continue;
    stamp_[a] = round_;
    return a;
  }
  return kNoAccount;
}

void Engine::maybe_cascade(const PostRef& p) {
  // Bigger accounts go viral more often; sizes are heavy-tailed; reposters are strangers to
  // each other, with delays from seconds to days.
  constexpr double kMaxBoost = 6.0;
  const double u = rng_.uniform();
  if (u >= plan_.viral_rate * kMaxBoost) return;  // the common case, without the pow()
  const double boost = std::clamp(std::pow(pop_[p.author].followers / 300.0, 0.35), 0.3, kMaxBoost);
  if (u >= plan_.viral_rate * boost) return;
  auto size = static_cast<uint32_t>(std::min({rng_.pareto(10, 1.4), pop_.size() / 4.0, 20000.0}));
  double median = std::clamp(rng_.lognormal(1500, 0.8), 120.0, 4.0 * kHour);
  if (size >= 500) median /= 5;
  ++round_;
  stamp_[p.author] = round_;
  crowd_.clear();
  int64_t last = p.t;
  for (uint32_t k = 0; k < size; ++k) {
    uint32_t a = draw_distinct(p.t);
    if (a == kNoAccount) break;
    Action x;
    x.t = p.t + std::max<int64_t>(1, static_cast<int64_t>(rng_.lognormal(median, 1.4)));
    if (x.t >= end_) continue;
    x.account = a;
    x.parent = p;
    if (rng_.chance(0.1)) {
      x.type = ActionType::reply;
      x.addressee = p.author;
      x.content = Content{rng_.next(), p.content.a, 0, ContentKind::organic};
    } else {
      x.type = ActionType::repost;
    }
    last = std::max(last, x.t);
    push(x);
    crowd_.push_back(a);
  }
  if (crowd_.size() >= 20)
    truth_.decoy({"viral_cascade", p.author, p.id, crowd_, p.t, last, {}, crowd_.size()});
}

void Engine::fan_burst(const PostRef& p, uint32_t ci) {
  const Celebrity& c = plan_.celebrities[ci];
  for (uint32_t f : c.fans) {
    if (!rng_.chance(c.participation)) continue;
    Action x;
    x.t = p.t + std::max<int64_t>(2, static_cast<int64_t>(rng_.lognormal(c.median_delay, 1.0)));
    x.account = f;
    x.parent = p;
    if (rng_.chance(0.65)) {
      x.type = ActionType::repost;
    } else {
      x.type = ActionType::reply;
      x.addressee = p.author;
      x.content = Content{rng_.next(), 0, 0, ContentKind::fan_reply};
    }
    if (x.t < end_) ++fan_events_[ci];
    push(x);
  }
}

}  // namespace lockstep::synth
