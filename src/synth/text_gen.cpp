#include "synth/text_gen.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "synth/lexicon.h"

namespace lockstep::synth {

namespace {

constexpr size_t kBlogDomains = 6000;
constexpr char kBase62[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void random_chars(Rng& r, const char* alphabet, size_t alphabet_size, int n, std::string& out) {
  for (int k = 0; k < n; ++k) out += alphabet[r.below(alphabet_size)];
}

bool is_word_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '\'';
}

// Byte ranges of the words in `text`.
std::vector<std::pair<size_t, size_t>> words_of(const std::string& text) {
  std::vector<std::pair<size_t, size_t>> w;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && !is_word_byte(text[i])) ++i;
    size_t b = i;
    while (i < text.size() && is_word_byte(text[i])) ++i;
    if (i > b) w.emplace_back(b, i);
  }
  return w;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

TextGen::TextGen(uint64_t seed) : seed_(seed) {
  nouns_.build(zipf_weights(lexicon::nouns().size(), 0.8));
  emoji_.build(zipf_weights(lexicon::emoji().size(), 1.1));
  for (const auto& t : lexicon::topics()) {
    topic_words_.emplace_back(zipf_weights(t.words.size(), 0.9));
    topic_tags_.emplace_back(zipf_weights(t.hashtags.size(), 1.2));
  }
  Rng r(derive(seed, 0x646f6d));  // "dom"
  blog_domains_.reserve(kBlogDomains);
  for (size_t i = 0; i < kBlogDomains; ++i) {
    std::string d(r.pick(lexicon::handle_words()));
    d += r.chance(0.5) ? r.pick(lexicon::nouns()) : r.pick(lexicon::handle_words());
    if (r.chance(0.2)) d += std::to_string(r.range(1, 99));
    d += '.';
    d += r.chance(0.6) ? "com" : r.pick(lexicon::tlds());
    blog_domains_.push_back(std::move(d));
  }
  domains_.build(zipf_weights(lexicon::news_domains().size() + kBlogDomains, 1.05));
}

std::string_view TextGen::word(Rng& r, uint32_t topic) const {
  return lexicon::topics()[topic].words[topic_words_[topic].sample(r)];
}

std::string_view TextGen::topic_hashtag(Rng& r, uint32_t topic) const {
  return lexicon::topics()[topic].hashtags[topic_tags_[topic].sample(r)];
}

std::string_view TextGen::emoji(Rng& r) const {
  return lexicon::emoji()[emoji_.sample(r)];
}

void TextGen::chatter(Rng& r, uint32_t topic, int words, bool lower, std::string& out) const {
  chatter_.write(r, topic, words, lower, out);
}

std::string_view TextGen::domain(uint64_t i) const {
  auto news = lexicon::news_domains();
  return i < news.size() ? news[i] : std::string_view(blog_domains_[i - news.size()]);
}

void TextGen::article_url(uint64_t d, uint64_t article, uint32_t topic, std::string& out) const {
  Rng r(derive(seed_ ^ 0x61727469636c65, d, article));  // "article": the same article, the same URL
  std::string_view host = domain(d);
  const bool www = (derive(seed_, d) & 3) != 0;
  out += "https://";
  if (www) out += "www.";
  out += host;
  if (host == "youtube.com") {
    out += "/watch?v=";
    random_chars(r, kBase64Url, 64, 11, out);
  } else if (host == "instagram.com" || host == "tiktok.com") {
    out += host == "tiktok.com" ? "/@" : "/p/";
    random_chars(r, kBase64Url, 62, 11, out);
  } else if (host == "reddit.com") {
    out += "/r/";
    out += lexicon::topics()[topic].name;
    out += "/comments/";
    random_chars(r, kBase62 + 10, 26, 6, out);
    out += '/';
    out += word(r, topic);
    out += '_';
    out += word(r, topic);
    out += '/';
  } else {
    out += '/';
    if (r.chance(0.5)) {
      out += std::to_string(r.range(2019, 2024));
      out += '/';
      out += std::to_string(r.range(10, 12));
      out += '/';
    }
    int n = static_cast<int>(r.range(3, 7));
    for (int k = 0; k < n; ++k) {
      if (k) out += '-';
      out += r.chance(0.5) ? word(r, topic) : lexicon::nouns()[nouns_.sample(r)];
    }
    if (r.chance(0.5)) {
      out += '-';
      out += std::to_string(r.range(10000, 99999999));
    }
  }
}

void TextGen::organic_url(Rng& r, uint32_t topic, std::string& out) const {
  uint64_t d = domains_.sample(r);
  // Articles per site: a few are shared by very many people, most by one.
  auto article = static_cast<uint64_t>(std::min(1e6, r.pareto(1, 0.7)));
  size_t at = out.size();
  article_url(d, article, static_cast<uint32_t>((d + article) % lexicon::topics().size()), out);
  if (r.chance(0.05) && out.compare(at, 8, "https://") == 0) out.erase(at + 4, 1);  // http://
  if (r.chance(0.08))
    out += out.find('?', at) == std::string::npos ? "?utm_source=twitter" : "&utm_source=twitter";
  (void)topic;
}

void TextGen::news_url(Rng& r, uint32_t topic, std::string& out) const {
  uint64_t d = r.below(std::min<size_t>(24, lexicon::news_domains().size()));
  article_url(d, 2000000 + r.below(1u << 30), topic, out);
}

void TextGen::campaign_domain(Rng& r, std::string& out) const {
  static constexpr std::string_view kLead[] = {"the",    "daily",   "real",   "true",
                                               "free",   "patriot", "people", "national",
                                               "global", "insider", "open"};
  static constexpr std::string_view kTail[] = {"report", "news",   "times",   "insider",
                                               "post",   "wire",   "journal", "truth",
                                               "today",  "herald", "leaks",   "files"};
  out += r.pick(kLead);
  out += r.pick(lexicon::handle_words());
  out += r.pick(kTail);
  out += '.';
  out += r.chance(0.5) ? "com" : r.pick(lexicon::tlds());
}

void TextGen::swap_synonym(Rng& r, std::string& text) const {
  auto words = words_of(text);
  std::vector<std::pair<size_t, std::string_view>> candidates;  // word index, replacement
  for (size_t w = 0; w < words.size(); ++w) {
    std::string_view s(text.data() + words[w].first, words[w].second - words[w].first);
    for (const auto& syn : lexicon::synonyms()) {
      if (iequals(s, syn.a))
        candidates.emplace_back(w, syn.b);
      else if (iequals(s, syn.b))
        candidates.emplace_back(w, syn.a);
    }
  }
  if (candidates.empty()) {
    // Nothing to swap: slip a filler word in instead.
    static constexpr std::string_view kFill[] = {"really", "just", "literally", "honestly", "so"};
    if (words.empty()) return;
    size_t at = words[r.below(words.size())].first;
    text.insert(at, std::string(r.pick(kFill)) + " ");
    return;
  }
  auto [w, repl] = r.pick(candidates);
  text.replace(words[w].first, words[w].second - words[w].first, repl);
}

void TextGen::homoglyphs(Rng& r, std::string& text, int n) const {
  std::vector<std::pair<size_t, std::string_view>> spots;
  for (size_t i = 0; i < text.size(); ++i)
    for (const auto& h : lexicon::homoglyphs())
      if (text[i] == h.latin) spots.emplace_back(i, h.cyrillic);
  for (int k = 0; k < n && !spots.empty(); ++k) {
    size_t j = r.below(spots.size());
    std::swap(spots[j], spots.back());
    auto spot = spots.back();
    spots.pop_back();
    // Replacing grows the text: shift the spots after this one.
    text.replace(spot.first, 1, spot.second);
    for (auto& s : spots)
      if (s.first > spot.first) s.first += spot.second.size() - 1;
  }
}

void TextGen::drop_word(Rng& r, std::string& text) const {
  auto words = words_of(text);
  if (words.size() < 6) return;
  auto [b, e] = words[1 + r.below(words.size() - 2)];
  // Take one neighbouring space with the word, so no double space or " ." is left behind.
  if (e < text.size() && text[e] == ' ')
    ++e;
  else if (b > 0 && text[b - 1] == ' ')
    --b;
  text.erase(b, e - b);
}

void TextGen::shout_word(Rng& r, std::string& text) const {
  auto words = words_of(text);
  if (words.empty()) return;
  auto [b, e] = r.pick(words);
  for (size_t i = b; i < e; ++i)
    text[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
}

}  // namespace lockstep::synth
