// Sampling words, hashtags, links and emoji with realistic (Zipf) frequencies, and the edits a
// copypasta campaign makes to keep its texts from being identical.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "synth/chatter.h"
#include "synth/rng.h"

namespace lockstep::synth {

class TextGen {
 public:
  explicit TextGen(uint64_t seed);

  // Appends about `words` words of chatter on `topic` as sentences (capitalised unless `lower`).
  void chatter(Rng& r, uint32_t topic, int words, bool lower, std::string& out) const;
  std::string_view word(Rng& r, uint32_t topic) const;
  std::string_view topic_hashtag(Rng& r, uint32_t topic) const;
  std::string_view emoji(Rng& r) const;
  // A link as an ordinary user shares it: a heavy-tailed choice of site and of article on it,
  // so that popular articles are shared by many people independently.
  void organic_url(Rng& r, uint32_t topic, std::string& out) const;
  // A mainstream news link (for breaking-news posts).
  void news_url(Rng& r, uint32_t topic, std::string& out) const;
  // A made-up site name for a campaign's links: "dailyfreedomreport.com".
  void campaign_domain(Rng& r, std::string& out) const;

  // Copypasta disguises, applied in place to plain text (no entities inside).
  void swap_synonym(Rng& r, std::string& text) const;
  void homoglyphs(Rng& r, std::string& text, int n) const;  // Latin letters -> Cyrillic look-alikes
  void drop_word(Rng& r, std::string& text) const;
  void shout_word(Rng& r, std::string& text) const;  // one word in capitals

 private:
  void article_url(uint64_t domain, uint64_t article, uint32_t topic, std::string& out) const;
  std::string_view domain(uint64_t i) const;

  uint64_t seed_;
  Chatter chatter_;
  AliasTable nouns_, emoji_, domains_;
  std::vector<AliasTable> topic_words_, topic_tags_;
  std::vector<std::string> blog_domains_;  // the long tail of sites after the news outlets
};

}  // namespace lockstep::synth
