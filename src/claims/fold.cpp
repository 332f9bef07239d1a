#include "claims/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cctype>

namespace lockstep::claims {

namespace {

// fold_key of plain ASCII, without ICU: NFKC case folding of ASCII is lower-casing, and ASCII has
// no marks to drop. The same result, at a fraction of the cost (every record's claim is folded).
bool fold_ascii(std::string_view s, std::string& out) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  out.clear();
  bool space = true;
  for (char c : s) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum) {
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return true;
}

}  // namespace

std::string fold_key(std::string_view s) {
  if (std::string ascii; fold_ascii(s, ascii)) return ascii;
  UErrorCode status = U_ZERO_ERROR;
  // ICU's instance is immutable and owned by ICU: safe to share between threads.
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString in =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString folded = U_SUCCESS(status) ? nfkc_cf->normalize(in, status) : in;
  if (U_FAILURE(status)) folded = in;
  // Decomposed, so that accents are dropped the same way whether the input was precomposed or not.
  UErrorCode nfd_status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(nfd_status);
  if (U_SUCCESS(nfd_status)) {
    icu::UnicodeString decomposed = nfd->normalize(folded, nfd_status);
    if (U_SUCCESS(nfd_status)) folded = decomposed;
  }
  icu::UnicodeString out;
  bool space = true;  // drops leading spaces
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK)
      continue;                // accents, Arabic harakat, the dot on Turkish İ
    if (c == 0x0131) c = 'i';  // Turkish dotless ı
    if (c == 0x0623 || c == 0x0625 || c == 0x0622) c = 0x0627;  // أ إ آ -> ا
    if (c == 0x0649) c = 0x064A;                                // ى -> ي
    if (c == 0x0640) continue;                                  // tatweel
    if (u_isalnum(c)) {
      out.append(c);
      space = false;
    } else if (!space) {
      out.append(UChar32{' '});
      space = true;
    }
  }
  std::string result;
  out.toUTF8String(result);
  while (!result.empty() && result.back() == ' ') result.pop_back();
  return result;
}

std::string language_key(std::string_view lang) {
  std::string out;
  for (char c : lang.substr(0, lang.find_first_of("-_"))) {
    if (c == ' ') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace lockstep::claims
