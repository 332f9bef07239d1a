#include "synth/content.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "base/hash.h"
#include "synth/lexicon.h"

namespace lockstep::synth {

namespace {

constexpr char kBase62[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

void space(std::string& s) {
  if (!s.empty() && s.back() != ' ' && s.back() != '\n') s += ' ';
}

void capitalize(std::string& s, size_t at) {
  if (at < s.size()) s[at] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[at])));
}

}  // namespace

void Renderer::add_text(Body& b, std::string_view s) {
  space(b.text);
  b.text += s;
}

void Renderer::add_mention(Body& b, uint32_t account) {
  space(b.text);
  auto begin = static_cast<uint32_t>(b.text.size());
  b.text += '@';
  b.text += pop_.card(account).handle;
  b.spans.push_back({Span::mention, static_cast<uint32_t>(b.mentions.size()), begin,
                     static_cast<uint32_t>(b.text.size())});
  b.mentions.push_back(account);
}

void Renderer::add_hashtag(Body& b, std::string_view tag) {
  space(b.text);
  auto begin = static_cast<uint32_t>(b.text.size());
  b.text += '#';
  b.text += tag;
  b.spans.push_back({Span::hashtag, static_cast<uint32_t>(b.hashtags.size()), begin,
                     static_cast<uint32_t>(b.text.size())});
  b.hashtags.emplace_back(tag);
}

void Renderer::add_url(Body& b, std::string_view url, uint64_t post_id) {
  // Every link in a post is wrapped in its own short link, different per post.
  std::string tco = "https://t.co/";
  uint64_t h = hash_u64(post_id * 31 + b.urls.size());
  for (int k = 0; k < 10; ++k, h /= 62) tco += kBase62[h % 62];
  space(b.text);
  auto begin = static_cast<uint32_t>(b.text.size());
  b.text += tco;
  b.spans.push_back({Span::url, static_cast<uint32_t>(b.urls.size()), begin,
                     static_cast<uint32_t>(b.text.size())});
  b.urls.emplace_back(url);
  b.short_urls.push_back(std::move(tco));
}

void Renderer::render(const Content& c, uint64_t post_id, uint32_t author, uint32_t addressee,
                      Body& out) {
  out.clear();
  if (addressee != kNoAccount) add_mention(out, addressee);
  Rng r(c.seed);
  switch (c.kind) {
    case ContentKind::organic:
      organic(c, author, post_id, r, out);
      break;
    case ContentKind::slogan:
      slogan(c, r, out);
      break;
    case ContentKind::fan_reply:
      fan_reply(r, out);
      break;
    case ContentKind::pile_on_reply:
      pile_on_reply(c, r, out);
      break;
    case ContentKind::news:
      news(c, r, out, post_id);
      break;
    default:
      campaign_post(c, r, out, post_id);
      break;
  }
}

void Renderer::organic(const Content& c, uint32_t author, uint64_t post_id, Rng& r, Body& out) {
  // Some people never capitalise: a trait of the account, not of the post.
  const bool lower = (derive(author, 0x6c6f77) & 3) == 0;
  if (r.chance(0.04)) add_mention(out, static_cast<uint32_t>(r.below(pop_.size())));
  scratch_.clear();
  int words = static_cast<int>(std::clamp(r.lognormal(11, 0.6), 2.0, 50.0));
  text_.chatter(r, c.a, words, lower, scratch_);
  if (r.chance(0.03)) {
    scratch_ += "\n\n";
    text_.chatter(r, c.a, static_cast<int>(r.range(3, 8)), lower, scratch_);
  }
  if (r.chance(0.2)) {
    scratch_ += ' ';
    for (int k = static_cast<int>(r.range(1, 3)); k > 0; --k) scratch_ += text_.emoji(r);
  }
  add_text(out, scratch_);
  if (c.b > 0) add_hashtag(out, plan_.trends[c.b - 1].tag);
  double h = r.uniform();
  if (h < 0.15) add_hashtag(out, text_.topic_hashtag(r, c.a));
  if (h < 0.03) add_hashtag(out, text_.topic_hashtag(r, r.below(lexicon::topics().size())));
  if (r.chance(0.13)) {
    scratch_.clear();
    text_.organic_url(r, c.a, scratch_);
    add_url(out, scratch_, post_id);
  }
}

void Renderer::slogan(const Content& c, Rng& r, Body& out) {
  std::string_view quote = lexicon::quotes()[c.a];
  scratch_.clear();
  double u = r.uniform();
  if (u < 0.35) {
    scratch_ += r.pick(lexicon::quote_lead_ins());
    scratch_ += ' ';
    scratch_ += quote;
  } else if (u < 0.5) {
    scratch_ += "\xE2\x80\x9C";  // curly quotes
    scratch_ += quote;
    scratch_ += "\xE2\x80\x9D";
  } else {
    scratch_ += quote;
  }
  if (r.chance(0.25)) {
    scratch_ += ' ';
    scratch_ += text_.emoji(r);
  }
  add_text(out, scratch_);
  if (r.chance(0.1)) {
    static constexpr std::string_view kTags[] = {"quote", "motivation", "MondayMotivation",
                                                 "inspiration", "truth"};
    add_hashtag(out, r.pick(kTags));
  }
}

void Renderer::fan_reply(Rng& r, Body& out) {
  scratch_.clear();
  if (!r.chance(0.15)) {
    scratch_ += r.pick(lexicon::fan_replies());
    if (r.chance(0.3)) {
      scratch_ += r.chance(0.5) ? ", " : "!! ";
      scratch_ += r.pick(lexicon::fan_replies());
    }
    if (r.chance(0.4)) capitalize(scratch_, 0);
    if (r.chance(0.3)) scratch_ += '!';
  }
  if (scratch_.empty() || r.chance(0.6)) {
    space(scratch_);
    std::string_view e = text_.emoji(r);
    for (int k = static_cast<int>(r.range(1, 4)); k > 0; --k) scratch_ += e;
  }
  add_text(out, scratch_);
}

void Renderer::pile_on_reply(const Content& c, Rng& r, Body& out) {
  scratch_.clear();
  scratch_ += r.pick(lexicon::pile_on_phrases());
  if (r.chance(0.5)) capitalize(scratch_, 0);
  scratch_ += r.chance(0.7) ? ". " : "! ";
  text_.chatter(r, c.a, static_cast<int>(r.range(3, 14)), r.chance(0.5), scratch_);
  if (r.chance(0.25)) {
    scratch_ += ' ';
    scratch_ += r.pick(lexicon::pile_on_phrases());
  }
  if (r.chance(0.2)) {
    scratch_ += ' ';
    scratch_ += text_.emoji(r);
  }
  add_text(out, scratch_);
}

void Renderer::news(const Content& c, Rng& r, Body& out, uint64_t post_id) {
  scratch_.clear();
  if (r.chance(0.4)) scratch_ += "BREAKING: ";
  text_.chatter(r, c.a, static_cast<int>(r.range(12, 25)), false, scratch_);
  add_text(out, scratch_);
  if (r.chance(0.3)) add_hashtag(out, text_.topic_hashtag(r, c.a));
  if (r.chance(0.7)) {
    scratch_.clear();
    text_.news_url(r, c.a, scratch_);
    add_url(out, scratch_, post_id);
  }
}

void Renderer::url_variant(const std::string& canonical, Rng& r, std::string& out) {
  // The same link, dressed the ways that sharing tools and hand-editing dress it.
  out = canonical;
  if (r.chance(0.3)) out.insert(8, "www.");
  if (r.chance(0.2)) out.erase(4, 1);  // https -> http
  if (r.chance(0.3) && out.back() != '/') out += '/';
  std::string q;
  auto param = [&](std::string_view kv) {
    q += q.empty() ? '?' : '&';
    q += kv;
  };
  if (r.chance(0.4)) {
    static constexpr std::string_view kSources[] = {"twitter", "tw", "social", "share", "fb"};
    param("utm_source=" + std::string(r.pick(kSources)));
    if (r.chance(0.5)) param("utm_medium=social");
    if (r.chance(0.3)) param("utm_campaign=" + std::to_string(r.range(100, 9999)));
  }
  if (r.chance(0.15)) {
    std::string id = "fbclid=IwAR";
    for (int k = static_cast<int>(r.range(20, 30)); k > 0; --k) id += kBase62[r.below(62)];
    param(id);
  }
  if (r.chance(0.05)) param("igshid=" + std::to_string(r.range(100000, 999999)));
  out += q;
}

void Renderer::campaign_post(const Content& c, Rng& r, Body& out, uint64_t post_id) {
  const Campaign& cp = plan_.campaigns[c.a];
  const std::string* tag = cp.hashtags.empty() ? nullptr : &cp.hashtags[0];
  scratch_.clear();
  switch (c.kind) {
    case ContentKind::campaign_seed:
      text_.chatter(r, cp.topic, static_cast<int>(r.range(10, 25)), false, scratch_);
      if (r.chance(0.5)) {
        scratch_ += ' ';
        scratch_ += r.pick(lexicon::campaign_phrases());
        scratch_ += '!';
      }
      add_text(out, scratch_);
      if (tag && r.chance(0.7)) add_hashtag(out, *tag);
      break;
    case ContentKind::copypasta: {
      scratch_ = cp.templates[c.b % cp.templates.size()];
      // 0-3 small edits, so that no two members post exactly the same bytes.
      double u = r.uniform();
      int edits = u < 0.25 ? 0 : u < 0.6 ? 1 : u < 0.85 ? 2 : 3;
      for (int k = 0; k < edits; ++k) {
        double e = r.uniform();
        if (e < 0.35)
          text_.swap_synonym(r, scratch_);
        else if (e < 0.6)
          text_.homoglyphs(r, scratch_, static_cast<int>(r.range(1, 4)));
        else if (e < 0.75)
          text_.drop_word(r, scratch_);
        else if (e < 0.85)
          text_.shout_word(r, scratch_);
        else
          scratch_ += r.chance(0.5) ? "!!" : " !!!";
      }
      if (r.chance(0.4)) {
        std::string_view e = text_.emoji(r);
        if (r.chance(0.3))
          scratch_.insert(0, std::string(e) + " ");
        else
          scratch_ += " " + std::string(e);
      }
      add_text(out, scratch_);
      if (tag && r.chance(0.5)) add_hashtag(out, *tag);
      if (r.chance(0.2)) add_hashtag(out, text_.topic_hashtag(r, cp.topic));
      break;
    }
    case ContentKind::link_push: {
      if (r.chance(0.7)) {
        scratch_ += r.pick(lexicon::link_intros());
        if (r.chance(0.5)) capitalize(scratch_, 0);
        scratch_ += r.chance(0.5) ? ":" : "";
      }
      if (r.chance(0.5))
        text_.chatter(r, cp.topic, static_cast<int>(r.range(3, 10)), r.chance(0.4), scratch_);
      if (r.chance(0.2)) {
        space(scratch_);
        scratch_ += text_.emoji(r);
      }
      if (!scratch_.empty()) add_text(out, scratch_);
      std::string url;
      url_variant(cp.urls[c.b % cp.urls.size()], r, url);
      add_url(out, url, post_id);
      if (tag && r.chance(0.3)) add_hashtag(out, *tag);
      break;
    }
    case ContentKind::hashtag_seq:
      text_.chatter(r, cp.topic, static_cast<int>(r.range(5, 15)), r.chance(0.3), scratch_);
      if (r.chance(0.15)) {
        scratch_ += ' ';
        scratch_ += text_.emoji(r);
      }
      add_text(out, scratch_);
      for (const auto& h : cp.hashtags) add_hashtag(out, h);
      break;
    case ContentKind::brigade_reply: {
      scratch_ = cp.templates[c.b % cp.templates.size()];
      for (int k = static_cast<int>(r.below(3)); k > 0; --k) {
        double e = r.uniform();
        if (e < 0.4)
          text_.swap_synonym(r, scratch_);
        else if (e < 0.7)
          text_.homoglyphs(r, scratch_, static_cast<int>(r.range(1, 3)));
        else
          text_.shout_word(r, scratch_);
      }
      if (r.chance(0.4)) {
        scratch_ += ' ';
        scratch_ += text_.emoji(r);
      }
      add_text(out, scratch_);
      if (tag && r.chance(0.4)) add_hashtag(out, *tag);
      break;
    }
    default:
      break;
  }
}

void Renderer::repost(const Body& original, uint32_t original_author, Body& out) {
  out.clear();
  out.text = "RT ";
  add_mention(out, original_author);
  out.text += ": ";
  const auto shift = static_cast<uint32_t>(out.text.size());
  out.text += original.text;
  for (Span s : original.spans) {
    if (s.type == Span::mention) s.index += 1;
    s.begin += shift;
    s.end += shift;
    out.spans.push_back(s);
  }
  out.mentions.insert(out.mentions.end(), original.mentions.begin(), original.mentions.end());
  out.urls = original.urls;
  out.short_urls = original.short_urls;
  out.hashtags = original.hashtags;
}

void Renderer::add_permalink(Body& out, uint32_t quoted_author, uint64_t quoted_id,
                             uint64_t post_id) {
  pop_.handle(quoted_author, handle_);
  std::string url = "https://twitter.com/" + handle_ + "/status/" + std::to_string(quoted_id);
  add_url(out, url, post_id);
}

}  // namespace lockstep::synth
