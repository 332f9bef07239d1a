// Planting the campaigns: who is in each, when it acts, and what it says.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "synth/lexicon.h"
#include "synth/plan_detail.h"

namespace lockstep::synth {

namespace {

constexpr int64_t kDay = 86400;

std::string capitalized(std::string_view w) {
  std::string s(w);
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string made_up_tag(Rng& r, uint32_t topic, const TextGen& text) {
  auto w = [&] {
    return capitalized(r.chance(0.6) ? text.word(r, topic) : r.pick(lexicon::nouns()));
  };
  auto name = [&] { return capitalized(r.pick(lexicon::first_names())); };
  switch (r.below(10)) {
    case 0:
      return "Stop" + w();
    case 1:
      return "Save" + w();
    case 2:
      return w() + "Gate";
    case 3:
      return "No" + w();
    case 4:
      return w() + "Now";
    case 5:
      return "JusticeFor" + name();
    case 6:
      return "Boycott" + w();
    case 7:
      return "WeStandWith" + name();
    case 8:
      return "Free" + w();
    default:
      return w() + w() + (r.chance(0.5) ? std::to_string(r.range(2024, 2025)) : "");
  }
}

// Activation times inside the campaign's working hours (07-23 in its time zone), sorted.
std::vector<int64_t> activation_times(Rng& r, int64_t start, int64_t end, int count, int tz) {
  std::vector<int64_t> ts;
  for (int k = 0; k < count; ++k) {
    int64_t t = start;
    for (int tries = 0; tries < 30; ++tries) {
      t = start +
          static_cast<int64_t>(r.below(static_cast<uint64_t>(std::max<int64_t>(1, end - start))));
      int64_t local_h = ((t + tz * 3600) % kDay + kDay) % kDay / 3600;
      if (local_h >= 7 && local_h < 23) break;
    }
    ts.push_back(t);
  }
  std::sort(ts.begin(), ts.end());
  return ts;
}

struct StyleShape {
  double fresh;                   // share of members registered just for the campaign
  int windows[4];                 // seconds; one is picked per campaign
  double per_day_lo, per_day_hi;  // activations per day
};

StyleShape shape_of(Style s) {
  switch (s) {
    case Style::retweet_ring:
      return {0.3, {20, 45, 90, 240}, 3, 10};
    case Style::copypasta:
      return {0.35, {120, 300, 600, 1200}, 2, 6};
    case Style::link_pushing:
      return {0.3, {60, 180, 300, 600}, 2, 8};
    case Style::hashtag_sequence:
      return {0.3, {300, 600, 900, 1800}, 2, 6};
    case Style::brigade:
      return {0.8, {180, 300, 600, 900}, 0, 0};
  }
  return {};
}

void write_messages(Campaign& c, Rng& r, const TextGen& text) {
  auto phrase = [&] { return std::string(r.pick(lexicon::campaign_phrases())); };
  switch (c.style) {
    case Style::copypasta:
      for (int k = static_cast<int>(r.range(1, 3)); k > 0; --k) {
        std::string t = capitalized(phrase()) + (r.chance(0.5) ? "! " : ". ");
        text.chatter(r, c.topic, static_cast<int>(r.range(10, 22)), false, t);
        t += ' ' + capitalized(phrase()) + (r.chance(0.5) ? "!" : ".");
        c.templates.push_back(std::move(t));
      }
      if (r.chance(0.5)) c.hashtags.push_back(made_up_tag(r, c.topic, text));
      break;
    case Style::brigade:
      for (int k = static_cast<int>(r.range(2, 4)); k > 0; --k) {
        std::string t = capitalized(r.pick(lexicon::pile_on_phrases())) + ". ";
        text.chatter(r, c.topic, static_cast<int>(r.range(5, 12)), r.chance(0.5), t);
        if (r.chance(0.5)) t += ' ' + capitalized(phrase()) + ".";
        c.templates.push_back(std::move(t));
      }
      if (r.chance(0.3)) c.hashtags.push_back(made_up_tag(r, c.topic, text));
      break;
    case Style::link_pushing: {
      std::string domain;
      text.campaign_domain(r, domain);
      for (int k = static_cast<int>(r.range(1, 4)); k > 0; --k) {
        std::string u = "https://" + domain + "/";
        if (r.chance(0.5)) u += fmt::format("{}/{:02}/", r.range(2023, 2024), r.range(1, 12));
        for (int w = static_cast<int>(r.range(3, 6)); w > 0; --w) {
          u += text.word(r, c.topic);
          if (w > 1) u += '-';
        }
        c.urls.push_back(std::move(u));
      }
      if (r.chance(0.4)) c.hashtags.push_back(made_up_tag(r, c.topic, text));
      break;
    }
    case Style::hashtag_sequence:
      for (int k = static_cast<int>(r.range(2, 4)); k > 0; --k) {
        std::string tag = k == 1 && r.chance(0.4) ? std::string(text.topic_hashtag(r, c.topic))
                                                  : made_up_tag(r, c.topic, text);
        if (std::find(c.hashtags.begin(), c.hashtags.end(), tag) == c.hashtags.end())
          c.hashtags.push_back(tag);
      }
      if (c.hashtags.size() < 2) c.hashtags.push_back(made_up_tag(r, c.topic, text) + "2");
      break;
    case Style::retweet_ring:
      if (r.chance(0.4)) c.hashtags.push_back(made_up_tag(r, c.topic, text));
      break;
  }
}

}  // namespace

std::vector<Campaign> plan_campaigns(const SynthOptions& o, Population& pop, const TextGen& text,
                                     AccountPool& pool, Rng& r) {
  const int64_t start = o.start_s, end = o.start_s + int64_t{o.days} * kDay;
  const double days = o.days;
  const uint32_t max_size = std::clamp<uint32_t>(pop.size() / 25, 5, 200);

  std::vector<Campaign> out;
  for (int s = 0; s < kStyles; ++s)
    for (int k = 0; k < o.campaigns[static_cast<size_t>(s)]; ++k) {
      Campaign c;
      c.style = static_cast<Style>(s);
      c.seed = r.next();
      uint32_t lo = c.style == Style::brigade ? std::min<uint32_t>(15, max_size) : 5;
      c.members.resize(static_cast<size_t>(std::lround(std::exp(r.real(
          std::log(static_cast<double>(lo)), std::log(static_cast<double>(max_size) + 0.49))))));
      out.push_back(std::move(c));
    }
  // Planted accounts stay a minority of the platform.
  size_t planted = 0;
  for (const auto& c : out) planted += c.members.size();
  const size_t budget = std::max<size_t>(5, pool.size() * 3 / 10);
  if (planted > budget) {
    double f = static_cast<double>(budget) / static_cast<double>(planted);
    for (auto& c : out)
      c.members.resize(
          std::max<size_t>(5, static_cast<size_t>(static_cast<double>(c.members.size()) * f)));
  }

  // Interleave styles in time and id order so that ids say nothing about the style.
  for (size_t i = out.size(); i > 1; --i) std::swap(out[i - 1], out[r.below(i)]);
  for (size_t ci = 0; ci < out.size(); ++ci) {
    Campaign& c = out[ci];
    c.id = fmt::format("c{:03}", ci + 1);
    Rng cr(c.seed);
    const StyleShape shape = shape_of(c.style);
    c.topic = static_cast<uint32_t>(cr.below(lexicon::topics().size()));
    c.window_s = cr.pick(shape.windows);
    c.participation = cr.real(0.55, 0.95);
    const int tz = static_cast<int>(cr.range(-8, 9));
    double span_days = c.style == Style::brigade
                           ? cr.real(0.2, std::min(days, 3.0))
                           : cr.real(std::min(days, 1.0), std::min(days, 10.0));
    auto span = static_cast<int64_t>(span_days * kDay);
    c.start = start + static_cast<int64_t>(cr.below(
                          static_cast<uint64_t>(std::max<int64_t>(1, end - start - span))));
    c.end = std::min(end - c.window_s - 60, c.start + span);
    int count = c.style == Style::brigade
                    ? static_cast<int>(cr.range(1, 4))
                    : std::clamp(static_cast<int>(std::lround(
                                     cr.real(shape.per_day_lo, shape.per_day_hi) * span_days)),
                                 2, 300);
    c.activations = activation_times(cr, c.start, c.end, count, tz);

    if (c.style == Style::brigade)
      c.target = pool.take_reserved(pop, 300, 100000);
    else if (c.style == Style::retweet_ring && cr.chance(0.5))
      c.target = pool.take_reserved(pop, 1000, 2000000);

    for (auto& m : c.members) {
      m = pool.take();
      if (m == kNoAccount) break;
      pop[m].campaign = static_cast<int16_t>(ci);
      if (cr.chance(shape.fresh)) {
        double age = c.style == Style::brigade ? cr.real(0.5, 20) : cr.real(3, 120);
        pop.make_fresh(m, c.start - static_cast<int64_t>(age * kDay), cr);
      }
    }
    c.members.erase(std::remove(c.members.begin(), c.members.end(), kNoAccount), c.members.end());
    write_messages(c, cr, text);
  }
  // A campaign left with too few accounts (tiny platforms) is dropped and its accounts freed.
  std::vector<Campaign> kept;
  for (auto& c : out) {
    if (c.members.size() >= 2) {
      kept.push_back(std::move(c));
      continue;
    }
    for (uint32_t m : c.members) pop[m].campaign = -1;
  }
  for (size_t ci = 0; ci < kept.size(); ++ci) {
    kept[ci].id = fmt::format("c{:03}", ci + 1);
    for (uint32_t m : kept[ci].members) pop[m].campaign = static_cast<int16_t>(ci);
  }
  return kept;
}

}  // namespace lockstep::synth
