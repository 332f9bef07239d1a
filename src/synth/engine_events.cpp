// Planned events: campaign activations, organic pile-ons and mega cascades, pasted slogans, and
// the decoy records written when the run ends.
#include <algorithm>
#include <cmath>

#include "synth/engine.h"
#include "synth/lexicon.h"

namespace lockstep::synth {

void Engine::schedule_plan() {
  for (uint32_t ci = 0; ci < plan_.campaigns.size(); ++ci) {
    const auto& acts = plan_.campaigns[ci].activations;
    for (uint32_t k = 0; k < acts.size(); ++k) {
      Action a;
      a.t = acts[k];
      a.type = ActionType::campaign;
      a.index = ci;
      a.sub = k;
      push(a);
    }
  }
  for (uint32_t i = 0; i < plan_.pile_ons.size(); ++i) {
    Action a;
    a.t = plan_.pile_ons[i].t;
    a.type = ActionType::pile_on;
    a.index = i;
    push(a);
  }
  for (uint32_t i = 0; i < plan_.megas.size(); ++i) {
    Action a;
    a.t = plan_.megas[i].t;
    a.type = ActionType::mega;
    a.index = i;
    push(a);
  }
  for (const auto& s : plan_.slogans)
    for (const auto& [t, account] : s.uses) {
      Action a;
      a.t = t;
      a.type = ActionType::post;
      a.account = account;
      a.content = Content{rng_.next(), s.quote, 0, ContentKind::slogan};
      push(a);
    }
}

double Engine::delay_within(double window, double median_share) {
  return std::clamp(rng_.lognormal(window * median_share, 0.8), 1.0, window);
}

void Engine::campaign_activation(uint32_t ci, uint32_t k, int64_t t) {
  using store::EventKind;
  const Campaign& c = plan_.campaigns[ci];
  auto& acted = acted_[ci];
  const bool last = k + 1 == c.activations.size();
  // Member positions taking part this time (not crowd_: emitting a root post may start a
  // cascade, which fills crowd_).
  takers_.clear();
  for (uint32_t m = 0; m < c.members.size(); ++m)
    if (rng_.chance(c.participation) || (last && !acted[m])) takers_.push_back(m);
  const auto window = static_cast<double>(c.window_s);
  auto act = [&](uint32_t m, ActionType type, double share) {
    Action x;
    x.t = t + static_cast<int64_t>(delay_within(window, share));
    x.type = type;
    x.account = c.members[m];
    acted[m] = 1;
    return x;
  };

  switch (c.style) {
    case Style::retweet_ring: {
      // The post to amplify: the principal's, a member's (taking turns), or now and then a
      // popular post from elsewhere, which hides the ring among organic reposters.
      PostRef seed;
      double u = rng_.uniform();
      if (c.target != kNoAccount && u < 0.5)
        seed = emit(EventKind::post, t, c.target,
                    Content{rng_.next(), ci, 0, ContentKind::campaign_seed}, kNoAccount, nullptr);
      else if (u > 0.85 && pick_recent(true, t, kNoAccount, seed) &&
               pop_[seed.author].campaign == static_cast<int>(ci))
        seed = {};
      if (seed.id == 0)
        seed = emit(EventKind::post, t, c.members[k % c.members.size()],
                    Content{rng_.next(), ci, 0, ContentKind::campaign_seed}, kNoAccount, nullptr);
      if (seed.id == 0) return;
      for (uint32_t m : takers_) {
        if (c.members[m] == seed.author) continue;
        Action x = act(m, ActionType::repost, 0.25);
        x.parent = seed;
        push(x);
      }
      break;
    }
    case Style::copypasta:
    case Style::link_pushing:
    case Style::hashtag_sequence: {
      ContentKind kind = c.style == Style::copypasta      ? ContentKind::copypasta
                         : c.style == Style::link_pushing ? ContentKind::link_push
                                                          : ContentKind::hashtag_seq;
      // One message per activation: the template in turn, or one of the links.
      auto b = static_cast<uint32_t>(c.style == Style::copypasta      ? k % c.templates.size()
                                     : c.style == Style::link_pushing ? rng_.below(c.urls.size())
                                                                      : 0);
      for (uint32_t m : takers_) {
        Action x = act(m, ActionType::post, 0.33);
        x.content = Content{rng_.next(), ci, b, kind};
        push(x);
      }
      break;
    }
    case Style::brigade: {
      // The target posts something ordinary; the brigade answers within minutes.
      const Account& target = pop_[c.target];
      PostRef root =
          emit(EventKind::post, t, c.target,
               Content{rng_.next(), target.topic[0], 0, ContentKind::organic}, kNoAccount, nullptr);
      if (root.id == 0) return;
      for (uint32_t m : takers_) {
        bool reply = rng_.chance(0.8);
        Action x = act(m, reply ? ActionType::reply : ActionType::post, 0.33);
        x.addressee = c.target;
        x.content = Content{rng_.next(), ci, static_cast<uint32_t>(rng_.below(c.templates.size())),
                            ContentKind::brigade_reply};
        if (reply) x.parent = root;
        push(x);
      }
      break;
    }
  }
}

void Engine::pile_on(uint32_t i, int64_t t) {
  const PileOn& p = plan_.pile_ons[i];
  const uint32_t topic = pop_[p.target].topic[0];
  PostRef root = emit(store::EventKind::post, t, p.target,
                      Content{rng_.next(), topic, 0, ContentKind::organic}, kNoAccount, nullptr);
  if (root.id == 0) return;
  ++round_;
  stamp_[p.target] = round_;
  crowd_.clear();
  int64_t last = t;
  for (uint32_t k = 0; k < p.size; ++k) {
    uint32_t a = draw_distinct(t);
    if (a == kNoAccount) break;
    Action x;
    x.t = t + std::max<int64_t>(30, static_cast<int64_t>(rng_.lognormal(p.median_delay, 1.1)));
    if (x.t >= end_) continue;
    x.account = a;
    x.parent = root;
    x.content = Content{rng_.next(), topic, 0, ContentKind::pile_on_reply};
    if (rng_.chance(0.85)) {
      x.type = ActionType::reply;
      x.addressee = p.target;
    } else {
      x.type = ActionType::quote;
    }
    last = std::max(last, x.t);
    push(x);
    crowd_.push_back(a);
  }
  truth_.decoy({"pile_on", p.target, root.id, crowd_, t, last, {}, crowd_.size()});
}

void Engine::mega_cascade(uint32_t i, int64_t t) {
  const MegaCascade& m = plan_.megas[i];
  const uint32_t topic = pop_[m.author].topic[0];
  PostRef root = emit(store::EventKind::post, t, m.author,
                      Content{rng_.next(), topic, 0, ContentKind::news}, kNoAccount, nullptr);
  if (root.id == 0) return;
  ++round_;
  stamp_[m.author] = round_;
  crowd_.clear();
  int64_t last = t;
  for (uint32_t k = 0; k < m.size; ++k) {
    uint32_t a = draw_distinct(t);
    if (a == kNoAccount) break;
    Action x;
    x.t = t + std::max<int64_t>(2, static_cast<int64_t>(rng_.lognormal(m.median_delay, 1.3)));
    if (x.t >= end_) continue;
    x.account = a;
    x.parent = root;
    if (rng_.chance(0.03)) {
      x.type = ActionType::reply;
      x.addressee = m.author;
      x.content = Content{rng_.next(), topic, 0, ContentKind::organic};
    } else {
      x.type = ActionType::repost;
    }
    last = std::max(last, x.t);
    push(x);
    crowd_.push_back(a);
  }
  truth_.decoy({"mega_cascade", m.author, root.id, crowd_, t, last, {}, crowd_.size()});
}

void Engine::finish_decoys() {
  for (uint32_t ci = 0; ci < plan_.celebrities.size(); ++ci) {
    const auto& c = plan_.celebrities[ci];
    truth_.decoy({"fan_group", c.account, 0, c.fans, start_, end_, {}, fan_events_[ci]});
  }
  for (const auto& s : plan_.slogans) {
    if (s.uses.empty()) continue;
    crowd_.clear();
    for (const auto& u : s.uses) crowd_.push_back(u.second);
    truth_.decoy({"slogan", kNoAccount, 0, crowd_, s.uses.front().first, s.uses.back().first,
                  lexicon::quotes()[s.quote], s.uses.size()});
  }
  for (size_t i = 0; i < plan_.trends.size(); ++i) {
    const auto& tr = plan_.trends[i];
    truth_.decoy({"trending_hashtag",
                  kNoAccount,
                  0,
                  {},
                  std::max(tr.start, start_),
                  std::min(tr.end, end_),
                  tr.tag,
                  trend_uses_[i]});
  }
}

}  // namespace lockstep::synth
