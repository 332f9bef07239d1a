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

}  // namespace

void extract_hashtags(std::string_view text, std::vector<std::string>& out) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t n = static_cast<int32_t>(text.size()), i = 0;
  UChar32 prev = ' ';
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if ((c == '#' || c == 0xFF03) && !is_word_char(prev) && prev != '&') {
      int32_t start = i, end = i;
      bool has_non_digit = false;
      while (end < n) {
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
      prev = '#';
      continue;
    }
    prev = c;
  }
}

void extract_mentions(std::string_view text, std::vector<std::string>& out) {
  auto ascii_handle = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '.';
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '@') continue;
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
