// The fixed word lists the generator draws from: English words in rough frequency order, topic
// vocabularies with their hashtags, names for handles, emoji, news domains, quotes and the
// phrase banks of campaigns, fans and pile-ons. Data only; the sampling lives in text_gen.
#pragma once

#include <span>
#include <string_view>

namespace lockstep::synth::lexicon {

using Words = std::span<const std::string_view>;

// Word classes for sentence templates, most frequent first (Zipf rank = index).
enum class Person : unsigned char { first, plural, third };  // picks am/are/is and love/loves
struct Subject {
  std::string_view word;
  Person person;
};
std::span<const Subject> subjects();
Words verbs();  // transitive, base form
Words adjectives();
Words adverbs();
Words nouns();  // everyday nouns shared by all topics
Words determiners();
Words prepositions();
Words times();  // "today", "this week", ...
Words interjections();

struct Topic {
  std::string_view name;
  Words words;     // most frequent first
  Words hashtags;  // without '#', most used first
};
std::span<const Topic> topics();

Words first_names();
Words last_names();
Words handle_words();  // nouns and adjectives that people put in handles
Words emoji();
Words news_domains();  // most shared first
Words tlds();
Words quotes();          // famous quotes and slogans people paste (copypasta decoys)
Words quote_lead_ins();  // "So true:", "This.", ...
Words fan_replies();
Words pile_on_phrases();
Words campaign_phrases();  // persuasive openers and closers of planted messages
Words link_intros();       // "must read", "wow, look at this", ...
Words event_words();       // for trending hashtags: "Final", "Debate", "Storm", ...

// Word pairs a copypasta edit may swap (either direction).
struct Synonym {
  std::string_view a, b;
};
std::span<const Synonym> synonyms();

// Latin letters and their Cyrillic look-alikes (UTF-8).
struct Homoglyph {
  char latin;
  std::string_view cyrillic;
};
std::span<const Homoglyph> homoglyphs();

}  // namespace lockstep::synth::lexicon
