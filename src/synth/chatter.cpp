#include "synth/chatter.h"

#include <cctype>
#include <cstring>

#include "synth/lexicon.h"

namespace lockstep::synth {

namespace {

// S subject, V verb, B be, D determiner, J adjective, N noun, A adverb, R preposition, T time,
// X interjection; "?" after a slot: half the time; Q ends with "?", E with "!"; other words are
// literal. Listed more than once = more common.
constexpr std::string_view kTemplates[] = {
    "S A? V D J? N",
    "S A? V D J? N",
    "S A? V D J? N R D N",
    "D J? N B A? J",
    "D J? N B A? J",
    "can't believe D J? N",
    "why B D N A? J Q",
    "who else V D N Q",
    "A J N T",
    "X S A? V D N",
    "S B A? J R D N",
    "N T E",
    "D N R D N B A? J",
    "S V D N T",
    "is it just me or B D N A? J Q",
    "T S V D J? N",
    "D J? N T",
    "S A? V N",
    "X D N B J",
    "what a J? N E",
    "S A? V D N R N",
    "A J",
    "S B A? J",
    "how B D N A? J Q",
    "S A? V D J? N T",
    "no N T",
    "X",
};

bool vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

}  // namespace

Chatter::Chatter() {
  std::vector<double> tw;
  for (std::string_view t : kTemplates) {
    auto& tokens = templates_.emplace_back();
    while (!t.empty()) {
      size_t sp = t.find(' ');
      std::string_view w = t.substr(0, sp);
      t = sp == std::string_view::npos ? "" : t.substr(sp + 1);
      bool optional = w.size() == 2 && w[1] == '?';
      Slot slot = Slot::literal;
      if (w.size() == 1 || optional) {
        switch (w[0]) {
          case 'S':
            slot = Slot::subject;
            break;
          case 'V':
            slot = Slot::verb;
            break;
          case 'B':
            slot = Slot::be;
            break;
          case 'D':
            slot = Slot::det;
            break;
          case 'J':
            slot = Slot::adj;
            break;
          case 'N':
            slot = Slot::noun;
            break;
          case 'A':
            slot = Slot::adv;
            break;
          case 'R':
            slot = Slot::prep;
            break;
          case 'T':
            slot = Slot::time;
            break;
          case 'X':
            slot = Slot::interj;
            break;
          case 'Q':
            slot = Slot::question;
            break;
          case 'E':
            slot = Slot::exclaim;
            break;
          default:
            break;
        }
      }
      tokens.push_back({slot, optional, w});
    }
    tw.push_back(1.0);
  }
  template_pick_.build(tw);
  subjects_.build(zipf_weights(lexicon::subjects().size(), 1.0));
  verbs_.build(zipf_weights(lexicon::verbs().size(), 0.9));
  adjectives_.build(zipf_weights(lexicon::adjectives().size(), 0.9));
  adverbs_.build(zipf_weights(lexicon::adverbs().size(), 0.9));
  nouns_.build(zipf_weights(lexicon::nouns().size(), 0.8));
  dets_.build(zipf_weights(lexicon::determiners().size(), 0.7));
  for (const auto& t : lexicon::topics()) {
    topic_nouns_.emplace_back(zipf_weights(t.words.size(), 0.9));
    topic_words_.push_back(t.words);
  }
}

std::string_view Chatter::noun(Rng& r, uint32_t topic) const {
  if (r.chance(0.6)) return topic_words_[topic][topic_nouns_[topic].sample(r)];
  return nouns_list_[nouns_.sample(r)];
}

void Chatter::write(Rng& r, uint32_t topic, int words, bool lower, std::string& out) const {
  using lexicon::Person;
  // Built in a local buffer and appended once: this is the hottest text path.
  char buf[4096];
  char* p = buf;
  char* const limit = buf + sizeof buf - 256;  // room for one more sentence
  auto word = [&](std::string_view w, bool first) {
    if (!first) {
      // "a" before a vowel letter becomes "an" (near enough to the sound).
      if (p - buf >= 1 && p[-1] == 'a' && (p - buf == 1 || p[-2] == ' ') && !w.empty() &&
          vowel(w[0]))
        *p++ = 'n';
      *p++ = ' ';
    }
    std::memcpy(p, w.data(), w.size());
    p += w.size();
  };
  const bool after_text = !out.empty() && out.back() != ' ' && out.back() != '\n';
  int written = 0;
  do {
    if (p != buf || after_text) *p++ = ' ';
    char* const sentence = p;
    const auto& tokens = templates_[template_pick_.sample(r)];
    Person person = Person::third;
    char end = 0;
    bool first = true;
    for (const Token& t : tokens) {
      if (t.optional && r.chance(0.5)) continue;
      switch (t.slot) {
        case Slot::question:
          end = '?';
          continue;
        case Slot::exclaim:
          end = '!';
          continue;
        case Slot::subject: {
          const auto& s = subjects_list_[subjects_.sample(r)];
          person = s.person;
          word(s.word == "i" && !lower ? "I" : s.word, first);
          break;
        }
        case Slot::verb: {
          std::string_view v = verbs_list_[verbs_.sample(r)];
          word(v, first);
          if (person == Person::third) {
            // love -> loves, watch -> watches, try -> tries
            char last = v.back();
            if (last == 's' || last == 'x' || v.ends_with("ch") || v.ends_with("sh")) {
              *p++ = 'e';
              *p++ = 's';
            } else if (last == 'y' && v.size() >= 2 && !vowel(v[v.size() - 2])) {
              p[-1] = 'i';
              *p++ = 'e';
              *p++ = 's';
            } else {
              *p++ = 's';
            }
          }
          break;
        }
        case Slot::be: {
          bool past = r.chance(0.25);
          word(person == Person::first    ? (past ? "was" : "am")
               : person == Person::plural ? (past ? "were" : "are")
                                          : (past ? "was" : "is"),
               first);
          break;
        }
        case Slot::det:
          word(dets_list_[dets_.sample(r)], first);
          break;
        case Slot::adj:
          word(adjectives_list_[adjectives_.sample(r)], first);
          break;
        case Slot::noun:
          word(noun(r, topic), first);
          break;
        case Slot::adv:
          word(adverbs_list_[adverbs_.sample(r)], first);
          break;
        case Slot::prep:
          word(r.pick(preps_list_), first);
          break;
        case Slot::time:
          word(r.pick(times_list_), first);
          break;
        case Slot::interj:
          word(r.pick(interj_list_), first);
          if (&t != &tokens.back()) *p++ = ',';
          break;
        case Slot::literal:
          word(t.text, first);
          break;
      }
      first = false;
      ++written;
    }
    if (!lower) *sentence = static_cast<char>(std::toupper(static_cast<unsigned char>(*sentence)));
    if (end) {
      *p++ = end;
    } else {
      double u = r.uniform();
      std::string_view e = u < 0.6 ? "." : u < 0.8 ? "!" : u < 0.92 ? "" : "...";
      std::memcpy(p, e.data(), e.size());
      p += e.size();
    }
    if ((p[-1] == '!' || p[-1] == '?') && r.chance(0.15)) {  // "!!", "??"
      *p = p[-1];
      ++p;
    }
  } while (written < words && p < limit);
  out.append(buf, static_cast<size_t>(p - buf));
}

}  // namespace lockstep::synth
