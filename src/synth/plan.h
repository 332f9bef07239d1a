// Everything decided before the first post: the planted campaigns (members, span, activation
// times, messages) and the organic decoy events (celebrities and their fans, pile-ons, mega
// cascades, pasted slogans, trending hashtags), plus the organic rate that hits the post target.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "synth/model.h"
#include "synth/population.h"
#include "synth/rng.h"
#include "synth/synth.h"
#include "synth/text_gen.h"

namespace lockstep::synth {

struct Campaign {
  std::string id;
  Style style = Style::retweet_ring;
  std::vector<uint32_t> members;
  int64_t start = 0, end = 0;  // planned span, epoch seconds
  int window_s = 60;           // members act within this many seconds of an activation
  double participation = 0.8;  // chance a member joins one activation
  uint32_t topic = 0;
  uint32_t target = kNoAccount;        // brigade: the account attacked; ring: principal (optional)
  std::vector<int64_t> activations;    // sorted
  std::vector<std::string> templates;  // copypasta and brigade message bodies
  std::vector<std::string> urls;       // link pushing, canonical
  std::vector<std::string> hashtags;   // hashtag sequence in order; a campaign tag for the others
  uint64_t seed = 0;
};

struct Celebrity {
  uint32_t account = kNoAccount;
  std::vector<uint32_t> fans;
  double participation = 0.1;  // chance a fan reacts to one post
  double median_delay = 120;   // seconds
};

struct PileOn {
  int64_t t = 0;
  uint32_t target = kNoAccount;
  uint32_t size = 0;
  double median_delay = 1800;
};

struct MegaCascade {
  int64_t t = 0;
  uint32_t author = kNoAccount;
  uint32_t size = 0;
  double median_delay = 150;
};

struct Slogan {
  uint32_t quote = 0;
  std::vector<std::pair<int64_t, uint32_t>> uses;  // (time, account), sorted
};

struct Trend {
  std::string tag;
  uint32_t topic = 0;
  int64_t start = 0, peak = 0, end = 0;
  double rise = 3600, decay = 14400;  // seconds
  double strength = 0.01;             // chance an original post at the peak carries the tag
  std::vector<int64_t> spikes;        // live moments: many posts within a few minutes
  // Chance an original post at t carries the tag.
  double intensity(int64_t t) const;
};

struct Plan {
  std::vector<Campaign> campaigns;
  std::vector<Celebrity> celebrities;
  std::vector<PileOn> pile_ons;
  std::vector<MegaCascade> megas;
  std::vector<Slogan> slogans;
  std::vector<Trend> trends;  // sorted by start
  AliasTable engagement;      // who joins cascades and pile-ons: weighted by activity
  double viral_rate = 0.006;  // base chance that an organic original post starts a cascade
  double expected_posts = 0;
};

// Chance that an organic action continues in a session (another action minutes later).
inline constexpr double kSessionContinue = 0.25;

// Mutates `pop`: celebrities, freshly registered campaign accounts, organic rates scaled to the
// post target, unique handles.
Plan make_plan(const SynthOptions& o, Population& pop, const TextGen& text);

}  // namespace lockstep::synth
