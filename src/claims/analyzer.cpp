#include "claims/analyzer.h"

#include <cld2/public/compact_lang_det.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "base/hash.h"
#include "base/time_parse.h"
#include "text/text.h"

namespace lockstep::claims {

namespace {

// Snowball stemmers Xapian ships, by ISO 639-1 code. Azerbaijani has none: its words still
// meet through the ASCII forms and character n-grams.
const char* stemmer_for(std::string_view lang) {
  static constexpr std::pair<const char*, const char*> kStemmers[] = {
      {"en", "english"},    {"ru", "russian"},   {"tr", "turkish"},    {"es", "spanish"},
      {"fr", "french"},     {"de", "german"},    {"ar", "arabic"},     {"hy", "armenian"},
      {"pt", "portuguese"}, {"it", "italian"},   {"nl", "dutch"},      {"sv", "swedish"},
      {"no", "norwegian"},  {"nb", "norwegian"}, {"da", "danish"},     {"fi", "finnish"},
      {"hu", "hungarian"},  {"ro", "romanian"},  {"ca", "catalan"},    {"eu", "basque"},
      {"id", "indonesian"}, {"ga", "irish"},     {"lt", "lithuanian"}, {"ne", "nepali"},
      {"ta", "tamil"}};
  for (const auto& [code, name] : kStemmers)
    if (lang == code) return name;
  return nullptr;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

int32_t next_cp(std::string_view s, size_t& i) {
  if (static_cast<unsigned char>(s[i]) < 0x80) return static_cast<unsigned char>(s[i++]);
  int32_t c = 0;
  int32_t pos = static_cast<int32_t>(i);
  U8_NEXT(s.data(), pos, static_cast<int32_t>(s.size()), c);
  i = static_cast<size_t>(pos);
  return c < 0 ? 0xFFFD : c;
}

bool is_word_cp(int32_t c) {
  if (c < 0x80)  // ASCII has no marks: letters and digits (what u_isalnum says), without ICU
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (u_isalnum(c)) return true;
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

// ASCII only, without the C library's locale lookups (called for every character of every text).
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

bool ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool starts_with_nocase(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); ++i)
    if (ascii_lower(s[i]) != p[i]) return false;
  return true;
}

// "Fake News" from "FakeNews", "COVID 19" from "COVID19": splits at lower->upper and
// letter<->digit changes; underscores become spaces.
void split_camel(std::string_view tag, std::string& out) {
  size_t i = 0;
  int32_t prev = 0;
  while (i < tag.size()) {
    size_t start = i;
    int32_t c = next_cp(tag, i);
    if (c == '_') {
      out += ' ';
      prev = 0;
      continue;
    }
    bool boundary =
        prev != 0 && ((u_islower(prev) && u_isupper(c)) ||
                      (u_isdigit(prev) != u_isdigit(c) && u_isalpha(c) != 0 && u_isdigit(prev)) ||
                      (u_isalpha(prev) && u_isdigit(c)));
    if (boundary) out += ' ';
    out.append(tag.substr(start, i - start));
    prev = c;
  }
}

// Month names as tweets' signatures write them ("January 6, 2020").
std::optional<int64_t> parse_signature_date(std::string_view s) {
  static constexpr const char* kMonths[] = {"january",   "february", "march",    "april",
                                            "may",       "june",     "july",     "august",
                                            "september", "october",  "november", "december"};
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  for (int m = 0; m < 12; ++m) {
    std::string_view name = kMonths[m];
    if (!starts_with_nocase(s, name)) continue;
    std::string_view rest = s.substr(name.size());
    unsigned day = 0, year = 0;
    size_t i = 0;
    while (i < rest.size() && rest[i] == ' ') ++i;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i])))
      day = day * 10 + static_cast<unsigned>(rest[i++] - '0');
    if (i < rest.size() && rest[i] == ',') ++i;
    while (i < rest.size() && rest[i] == ' ') ++i;
    size_t digits = 0;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i])) && digits < 5) {
      year = year * 10 + static_cast<unsigned>(rest[i++] - '0');
      ++digits;
    }
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    if (day < 1 || day > 31 || digits != 4 || i != rest.size()) return std::nullopt;
    return days_from_civil(year, static_cast<unsigned>(m + 1), day);
  }
  return std::nullopt;
}

// Word -> what was computed for it (a stem, an ASCII form): open addressing over 64-bit hashes,
// as std::unordered_map's node per word and pointer chase cost more than the lookup saves.
// Bounded: forgets everything past 2^20 words. A returned value is valid until the next insert.
class WordCache {
 public:
  const std::string* find(std::string_view word, uint64_t h) const {
    if (slots_.empty()) return nullptr;
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask; slots_[i] != 0; i = (i + 1) & mask) {
      const Entry& e = entries_[slots_[i] - 1];
      if (e.hash == h && e.word == word) return &e.value;
    }
    return nullptr;
  }
  const std::string& insert(std::string_view word, uint64_t h, std::string value) {
    if (entries_.size() >= (1u << 20)) {
      entries_.clear();
      slots_.clear();
    }
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    entries_.push_back({h, std::string(word), std::move(value)});
    place(static_cast<uint32_t>(entries_.size()));
    return entries_.back().value;
  }

 private:
  struct Entry {
    uint64_t hash;
    std::string word, value;
  };
  void place(uint32_t slot) {
    size_t mask = slots_.size() - 1;
    size_t i = entries_[slot - 1].hash & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
  void grow() {
    slots_.assign(std::max<size_t>(1024, slots_.size() * 2), 0);
    for (uint32_t k = 1; k <= entries_.size(); ++k) place(k);
  }
  std::vector<Entry> entries_;
  std::vector<uint32_t> slots_;  // entry index + 1, 0 when free; at most half full
};

}  // namespace

struct Analyzer::State {
  text::Normalizer normalizer;
  std::unique_ptr<icu::Transliterator> to_ascii;
  // A language's Snowball stemmer and the stems it gave: words repeat, and stemming each one
  // again was the largest single cost of analysing records.
  struct Stemmer {
    Xapian::Stem stem;
    WordCache cache;
    const std::string& operator()(const std::string& word) {
      uint64_t h = hash_bytes(word);
      if (const std::string* hit = cache.find(word, h)) return *hit;
      return cache.insert(word, h, stem(word));
    }
  };
  std::map<std::string, Stemmer, std::less<>> stemmers;
  WordCache ascii_cache;  // folded non-ASCII token -> ASCII
  std::string folded, ascii_scratch;

  const std::string& ascii_of(const std::string& folded_token) {
    if (is_ascii(folded_token)) {  // already Latin: lower-case letters and digits only
      ascii_scratch.clear();
      for (char c : folded_token)
        if (ascii_alnum(c)) ascii_scratch += ascii_lower(c);
      return ascii_scratch;
    }
    uint64_t h = hash_bytes(folded_token);
    if (const std::string* hit = ascii_cache.find(folded_token, h)) return *hit;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(folded_token);
    if (to_ascii) to_ascii->transliterate(u);
    std::string out;
    for (int32_t i = 0; i < u.length(); ++i) {
      char16_t c = u.charAt(i);
      if (c < 0x80 && ascii_alnum(static_cast<char>(c))) out += ascii_lower(static_cast<char>(c));
    }
    return ascii_cache.insert(folded_token, h, std::move(out));
  }

  Stemmer* stemmer(std::string_view lang) {
    const char* name = stemmer_for(lang);
    if (name == nullptr) return nullptr;
    auto it = stemmers.find(lang);
    if (it == stemmers.end())
      it = stemmers.emplace(std::string(lang), Stemmer{Xapian::Stem(name), {}}).first;
    return &it->second;
  }
};

Analyzer::Analyzer() : state_(std::make_unique<State>()) {
  UErrorCode status = U_ZERO_ERROR;
  // Any-Latin follows ISO 9/9985 (š, č, ž, ə); English spells those sounds sh, ch, zh, e.
  static constexpr char16_t kRules[] =
      u":: Any-Latin; š > sh; Š > Sh; č > ch; Č > Ch; ž > zh; Ž > Zh; ə > e; Ə > E; "
      u"ʻ > ; ʼ > ; :: Latin-ASCII;";
  UParseError parse_error;
  state_->to_ascii.reset(icu::Transliterator::createFromRules(
      "lockstep-ascii", icu::UnicodeString(kRules), UTRANS_FORWARD, parse_error, status));
  if (U_FAILURE(status)) state_->to_ascii.reset();  // then non-Latin tokens have no ASCII form
}

Analyzer::~Analyzer() = default;

std::string Analyzer::clean(std::string_view text, bool tweet, std::string* signature,
                            std::optional<int64_t>* signature_day) {
  if (tweet) {
    // "... — Name (@handle) January 6, 2020": the signature that embedded tweets carry.
    constexpr std::string_view kDash = "\xE2\x80\x94";  // U+2014
    size_t dash = text.rfind(kDash);
    if (dash != std::string_view::npos) {
      std::string_view tail = text.substr(dash + kDash.size());
      size_t open = tail.rfind("(@");
      size_t close = open == std::string_view::npos ? open : tail.find(')', open);
      if (close != std::string_view::npos) {
        auto day = parse_signature_date(tail.substr(close + 1));
        if (day) {
          if (signature) signature->assign(tail.substr(0, open));
          if (signature_day) *signature_day = day;
          text = text.substr(0, dash);
        }
      }
    }
    if (starts_with(text, "RT @")) {
      size_t colon = text.find(':');
      if (colon != std::string_view::npos && colon < 40) text.remove_prefix(colon + 1);
    }
  }
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    // Links end words and are dropped, also where a tweet glued them on ("Hanukkahpic.twitter
    // .com/x", "Thursday.https://t.co/x").
    bool at_word_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n' ||
                         text[i - 1] == '\t' || text[i - 1] == '(' || text[i - 1] == '"';
    std::string_view rest = text.substr(i);
    if (starts_with_nocase(rest, "http://") || starts_with_nocase(rest, "https://") ||
        (at_word_start && starts_with_nocase(rest, "www.")) ||
        starts_with_nocase(rest, "pic.twitter.com/")) {
      while (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t') ++i;
      out += ' ';
      continue;
    }
    if ((text[i] == '#' || text[i] == '@') && i + 1 < text.size()) {
      size_t j = i + 1;
      while (j < text.size()) {
        std::string_view at = text.substr(j);
        if (starts_with_nocase(at, "pic.twitter.com/") || starts_with_nocase(at, "http")) break;
        size_t k = j;
        int32_t c = next_cp(text, k);
        if (!is_word_cp(c) && c != '_') break;
        j = k;
      }
      if (j > i + 1) {
        out += ' ';
        split_camel(text.substr(i + 1, j - i - 1), out);
        out += ' ';
        i = j;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

std::string Analyzer::detect_language(std::string_view text) {
  bool reliable = false;
  if (text.empty() || !text::is_valid_utf8(text)) return "";
  CLD2::Language lang =
      CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()), true, &reliable);
  if (lang != CLD2::UNKNOWN_LANGUAGE && (reliable || text.size() < 200)) {
    const char* code = CLD2::LanguageCode(lang);
    if (code != nullptr && std::strlen(code) == 2) return code;
  }
  // Short or mixed text: the dominant script decides for the scripts one language owns.
  size_t latin = 0, cyrillic = 0, armenian = 0, arabic = 0;
  for (size_t i = 0; i < text.size();) {
    int32_t c = next_cp(text, i);
    UErrorCode st = U_ZERO_ERROR;
    switch (uscript_getScript(c, &st)) {
      case USCRIPT_LATIN:
        ++latin;
        break;
      case USCRIPT_CYRILLIC:
        ++cyrillic;
        break;
      case USCRIPT_ARMENIAN:
        ++armenian;
        break;
      case USCRIPT_ARABIC:
        ++arabic;
        break;
      default:
        break;
    }
  }
  size_t top = std::max({latin, cyrillic, armenian, arabic});
  if (top == 0) return "";
  if (top == cyrillic) return "ru";
  if (top == armenian) return "hy";
  if (top == arabic) return "ar";
  return "";
}

Analysis Analyzer::analyze(std::string_view text, std::string_view lang_hint, bool tweet) {
  Analysis a;
  std::string signature;
  std::string cleaned = clean(text, tweet, &signature, &a.signature_day);
  std::string lang(lang_hint.substr(0, lang_hint.find_first_of("-_")));
  for (char& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  a.lang = lang.empty() ? detect_language(cleaned) : lang;
  if (a.lang.empty() && is_ascii(cleaned)) a.lang = "en";
  State::Stemmer* stem = state_->stemmer(a.lang);

  auto add_tokens = [&](std::string_view s, bool names_only) {
    bool sentence_start = true;
    size_t i = 0;
    std::string token;
    while (i < s.size()) {
      size_t start = i;
      int32_t c = next_cp(s, i);
      if (!is_word_cp(c)) {
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == 0x201C || c == '"')
          sentence_start = true;
        continue;
      }
      // A token: word characters, with apostrophes inside words dropped ("don't" -> "dont")
      // and separators inside numbers joined ("1,000" -> "1000", "3.5" stays).
      token.clear();
      bool capital = u_isupper(c) || u_istitle(c);
      bool all_digits = u_isdigit(c);
      token.append(s.substr(start, i - start));
      while (i < s.size()) {
        size_t k = i;
        int32_t d = next_cp(s, k);
        if (is_word_cp(d)) {
          token.append(s.substr(i, k - i));
          all_digits = all_digits && u_isdigit(d);
          i = k;
          continue;
        }
        if ((d == '\'' || d == 0x2019 || d == ',' || d == '.') && k < s.size()) {
          size_t m = k;
          int32_t e = next_cp(s, m);
          bool digits_around = all_digits && u_isdigit(e);
          bool apostrophe = (d == '\'' || d == 0x2019) && u_isalpha(e);
          if (digits_around || apostrophe) {
            if (d == '.' && digits_around) token += '.';
            i = k;
            continue;
          }
        }
        break;
      }
      state_->normalizer.fold(token, state_->folded);
      std::string ascii = state_->ascii_of(state_->folded);
      if (names_only) {
        if (!ascii.empty()) a.signature.push_back(ascii);
        continue;
      }
      a.ascii.push_back(ascii);
      a.stems.push_back(stem != nullptr ? (*stem)(state_->folded) : state_->folded);
      if (!is_ascii(state_->folded)) {
        if (a.stems.back() != state_->folded) {
          std::string stem_ascii = state_->ascii_of(a.stems.back());
          if (!stem_ascii.empty() && stem_ascii != ascii) a.ascii_stems.push_back(stem_ascii);
        }
        // Accented Latin has one ASCII form; other scripts' transliterations vary.
        UErrorCode st = U_ZERO_ERROR;
        if (uscript_getScript(c, &st) != USCRIPT_LATIN && !ascii.empty()) {
          for (std::string& g : char_ngrams({ascii})) a.script_ngrams.push_back(std::move(g));
          a.script_words.push_back(ascii);
        }
      }
      if (all_digits) a.numbers.push_back(state_->folded);
      if (capital && !sentence_start && !all_digits && !ascii.empty()) a.entities.push_back(ascii);
      if (capital && !all_digits && !ascii.empty()) a.capitalised.push_back(ascii);
      sentence_start = false;
    }
  };
  add_tokens(cleaned, false);
  if (!signature.empty()) add_tokens(signature, true);
  return a;
}

std::vector<std::string> char_ngrams(const std::vector<std::string>& ascii) {
  std::vector<std::string> out;
  std::string w;
  for (const std::string& t : ascii) {
    if (t.empty()) continue;
    w = "_" + t + "_";
    if (w.size() <= 4) {
      out.push_back(w);
      continue;
    }
    for (size_t i = 0; i + 4 <= w.size(); ++i) out.push_back(w.substr(i, 4));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace lockstep::claims
