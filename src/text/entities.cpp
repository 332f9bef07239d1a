#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/text.h"

namespace lockstep::text {

namespace {

bool is_tag_char(UChar32 c) {
  return c == '_' || u_isalnum(c) || u_getCombiningClass(c) != 0 ||
         u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_COMBINING_SPACING_MARK;
}

bool is_word_char(UChar32 c) {
  return c == '_' || u_isalnum(c);
}

bool ascii_word(unsigned char c) {  // u_isalnum or '_' for ASCII
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

// The code point that ends just before byte `i` of valid UTF-8.
UChar32 code_point_before(const uint8_t* s, int32_t i) {
  if (s[i - 1] < 0x80) return s[i - 1];
  UChar32 c;
  U8_PREV(s, 0, i, c);
  return c;
}

}  // namespace

// Jumps from one '#' or '＃' (U+FF03: EF BC 83) to the next instead of decoding every code
// point; ASCII tag characters are tested without ICU. The result is that of reading code point by
// code point: the character before a tag mark is the code point before it, except right after a
// tag (or a lone mark), where it counts as the mark itself.
void extract_hashtags(std::string_view text, std::vector<std::string>& out) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t after_mark = -1;  // where the last tag mark's scan ended
  for (int32_t i = 0; i < n;) {
    const uint8_t b = s[i];
    int32_t mark_len = 0;
    if (b == '#')
      mark_len = 1;
    else if (b == 0xEF && i + 2 < n && s[i + 1] == 0xBC && s[i + 2] == 0x83)
      mark_len = 3;
    if (mark_len == 0) {
      ++i;
      continue;
    }
    UChar32 prev = i == 0 ? ' ' : i == after_mark ? '#' : code_point_before(s, i);
    if (is_word_char(prev) || prev == '&') {
      i += mark_len;
      continue;
    }
    int32_t start = i + mark_len, end = start;
    bool has_non_digit = false;
    while (end < n) {
      if (s[end] < 0x80) {
        if (!ascii_word(s[end])) break;
        has_non_digit |= s[end] < '0' || s[end] > '9';
        ++end;
        continue;
      }
      int32_t next = end;
      UChar32 d;
      U8_NEXT(s, next, n, d);
      if (d < 0 || !is_tag_char(d)) break;
      has_non_digit |= !u_isdigit(d);
      end = next;
    }
    if (end > start && has_non_digit)
      out.emplace_back(text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)));
    i = end;
    after_mark = end;
  }
}

void extract_mentions(std::string_view text, std::vector<std::string>& out) {
  auto ascii_handle = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '.';
  };
  for (size_t i = text.find('@'); i < text.size(); i = text.find('@', i + 1)) {
    if (i > 0 && (ascii_handle(text[i - 1]) || static_cast<unsigned char>(text[i - 1]) >= 0x80))
      continue;
    size_t end = i + 1;
    while (end < text.size() && ascii_handle(text[end])) ++end;
    while (end > i + 1 && text[end - 1] == '.') --end;  // a sentence's full stop is not part of it
    if (end > i + 1) out.emplace_back(text.substr(i + 1, end - i - 1));
    i = end - 1;
  }
}

}  // namespace lockstep::text
