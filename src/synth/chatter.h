// Everyday post text: short sentences from templates over word classes ("S A? V D J? N" gives
// "I really love the new album"), with Zipf word choice, the topic's nouns, simple agreement
// (am/are/is, love/loves, a/an) and the casing habits of the writer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "synth/lexicon.h"
#include "synth/rng.h"

namespace lockstep::synth {

class Chatter {
 public:
  Chatter();
  // Appends sentences on `topic` until about `words` words, capitalised unless `lower`.
  void write(Rng& r, uint32_t topic, int words, bool lower, std::string& out) const;
  std::string_view noun(Rng& r, uint32_t topic) const;  // the topic's own nouns, or everyday ones

 private:
  enum class Slot : uint8_t {
    subject,
    verb,
    be,
    det,
    adj,
    noun,
    adv,
    prep,
    time,
    interj,
    literal,
    question,
    exclaim
  };
  struct Token {
    Slot slot;
    bool optional;
    std::string_view text;  // literal
  };
  std::vector<std::vector<Token>> templates_;
  AliasTable template_pick_, subjects_, verbs_, adjectives_, adverbs_, nouns_, dets_;
  std::vector<AliasTable> topic_nouns_;
  // The lexicon's lists, held here so the hot loop makes no calls to reach them.
  std::span<const lexicon::Subject> subjects_list_ = lexicon::subjects();
  lexicon::Words verbs_list_ = lexicon::verbs(), adjectives_list_ = lexicon::adjectives(),
                 adverbs_list_ = lexicon::adverbs(), nouns_list_ = lexicon::nouns(),
                 dets_list_ = lexicon::determiners(), preps_list_ = lexicon::prepositions(),
                 times_list_ = lexicon::times(), interj_list_ = lexicon::interjections();
  std::vector<lexicon::Words> topic_words_;
};

}  // namespace lockstep::synth
