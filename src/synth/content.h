// Turns a Content spec into the text and entities of a post. Pure: the same spec, post id and
// author always give the same Body, which is how a repost embeds its original without the
// original being kept in memory.
#pragma once

#include <string>

#include "synth/model.h"
#include "synth/plan.h"
#include "synth/population.h"
#include "synth/text_gen.h"

namespace lockstep::synth {

class Renderer {
 public:
  Renderer(const Population& pop, const Plan& plan, const TextGen& text)
      : pop_(pop), plan_(plan), text_(text) {}

  // `addressee` (an account, or kNoAccount) opens the text as "@handle ", as replies do.
  void render(const Content& c, uint64_t post_id, uint32_t author, uint32_t addressee, Body& out);
  // "RT @author: ..." carrying the original's entities, as a platform shows a repost.
  void repost(const Body& original, uint32_t original_author, Body& out);
  // Appends the link to a quoted post, as a quote shows it.
  void add_permalink(Body& out, uint32_t quoted_author, uint64_t quoted_id, uint64_t post_id);

 private:
  void organic(const Content& c, uint32_t author, uint64_t post_id, Rng& r, Body& out);
  void slogan(const Content& c, Rng& r, Body& out);
  void fan_reply(Rng& r, Body& out);
  void pile_on_reply(const Content& c, Rng& r, Body& out);
  void news(const Content& c, Rng& r, Body& out, uint64_t post_id);
  void campaign_post(const Content& c, Rng& r, Body& out, uint64_t post_id);
  void url_variant(const std::string& canonical, Rng& r, std::string& out);
  void add_text(Body& b, std::string_view s);
  void add_mention(Body& b, uint32_t account);
  void add_hashtag(Body& b, std::string_view tag);
  void add_url(Body& b, std::string_view url, uint64_t post_id);

  const Population& pop_;
  const Plan& plan_;
  const TextGen& text_;
  std::string scratch_, handle_;
};

}  // namespace lockstep::synth
