#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "text/text.h"

namespace lockstep::text {

struct Normalizer::Icu {
  const icu::Normalizer2* nfkc_cf = nullptr;
  USpoofChecker* spoof = nullptr;
  ~Icu() {
    if (spoof != nullptr) uspoof_close(spoof);
  }
};

namespace {

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

constexpr uint8_t kSpaceKey = 0xFF;  // AsciiKey::len of white space

bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

Normalizer::Normalizer() : icu_(std::make_unique<Icu>()) {
  UErrorCode status = U_ZERO_ERROR;
  icu_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU: NFKC_Casefold unavailable");
  icu_->spoof = uspoof_open(&status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU: spoof checker unavailable");
  for (int c = 0; c < 128; ++c) {
    std::string one(1, static_cast<char>(c)), folded;
    if (is_space(static_cast<unsigned char>(c))) {
      ascii_key_[c] = " ";
      continue;
    }
    fold(one, folded);
    char buf[32];
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeletonUTF8(icu_->spoof, 0, folded.data(),
                                       static_cast<int32_t>(folded.size()), buf, sizeof buf, &st);
    ascii_key_[c] = U_SUCCESS(st) ? std::string(buf, static_cast<size_t>(n)) : folded;
  }
  for (int c = 0; c < 128; ++c) {
    const std::string& k = ascii_key_[c];
    AsciiKey& f = ascii_fast_[c];
    if (is_space(static_cast<unsigned char>(c))) {
      f.len = kSpaceKey;
      continue;
    }
    if (k.size() > f.bytes.size())
      throw std::runtime_error("ICU: unexpectedly long skeleton of an ASCII character");
    std::copy(k.begin(), k.end(), f.bytes.begin());
    f.len = static_cast<uint8_t>(k.size());
    ascii_key_max_ = std::max(ascii_key_max_, k.size());
  }
  ascii_boundaries_ = true;
  for (UChar32 c = 0; c < 128; ++c) ascii_boundaries_ &= icu_->nfkc_cf->hasBoundaryBefore(c) != 0;
}

char* Normalizer::put_ascii_key(unsigned char c, char* begin, char* o) const {
  const AsciiKey& k = ascii_fast_[c];
  if (k.len == kSpaceKey) {
    if (o != begin && o[-1] != ' ') *o++ = ' ';
    return o;
  }
  std::memcpy(o, k.bytes.data(), k.bytes.size());  // fixed size: one store; the tail is overwritten
  return o + k.len;
}

Normalizer::~Normalizer() = default;

const std::string& Normalizer::skeleton_of(int32_t c) {
  auto compute = [&](std::string& into) {
    char utf8[4];
    int32_t len = 0;
    UBool unused_error = false;
    U8_APPEND(utf8, len, 4, c, unused_error);
    (void)unused_error;
    into.resize(16);
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeletonUTF8(icu_->spoof, 0, utf8, len, into.data(),
                                       static_cast<int32_t>(into.size()), &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
      into.resize(static_cast<size_t>(n));
      st = U_ZERO_ERROR;
      n = uspoof_getSkeletonUTF8(icu_->spoof, 0, utf8, len, into.data(),
                                 static_cast<int32_t>(into.size()), &st);
    }
    if (U_FAILURE(st))
      into.assign(utf8, static_cast<size_t>(len));
    else
      into.resize(static_cast<size_t>(n));
  };
  if (c < 0x10000) {
    if (bmp_known_.empty()) {
      bmp_known_.assign(0x10000, false);
      bmp_key_.resize(0x10000);
    }
    auto i = static_cast<size_t>(c);
    if (!bmp_known_[i]) {
      compute(bmp_key_[i]);
      bmp_known_[i] = true;
    }
    return bmp_key_[i];
  }
  compute(scratch_cp_);  // astral planes (emoji): rare enough to ask ICU each time
  return scratch_cp_;
}

void Normalizer::fold(std::string_view in, std::string& out) {
  out.clear();
  if (is_ascii(in)) {
    out.reserve(in.size());
    for (char c : in) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(in.size()));
  icu_->nfkc_cf->normalizeUTF8(0, icu::StringPiece(in.data(), static_cast<int32_t>(in.size())),
                               sink, nullptr, status);
  if (U_FAILURE(status)) {  // only on invalid input; callers repair UTF-8 first
    out.assign(in);
  }
}

void Normalizer::append_ascii_keys(std::string_view ascii, std::string& out) const {
  const size_t old = out.size();
  // Room for the longest key per character, plus the slack of put_ascii_key's fixed-size copy.
  out.resize(old + ascii.size() * ascii_key_max_ + sizeof(AsciiKey::bytes));
  char* begin = out.data();
  char* o = begin + old;
  for (unsigned char c : ascii) o = put_ascii_key(c, begin, o);
  out.resize(static_cast<size_t>(o - begin));
}

void Normalizer::append_icu_keys(std::string_view in, std::string& out) {
  fold(in, scratch_);
  const auto* p = reinterpret_cast<const uint8_t*>(scratch_.data());
  int32_t n = static_cast<int32_t>(scratch_.size()), i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;  // fold() output is valid; stay safe anyway
    if (c < 128) {
      const AsciiKey& k = ascii_fast_[static_cast<size_t>(c)];
      if (k.len == kSpaceKey) {
        if (!out.empty() && out.back() != ' ') out.push_back(' ');
      } else {
        out.append(k.bytes.data(), k.len);
      }
      continue;
    }
    if (u_isUWhiteSpace(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.append(skeleton_of(c));
  }
}

void Normalizer::match_key(std::string_view in, std::string& out) {
  out.clear();
  if (!ascii_boundaries_) {
    append_icu_keys(in, out);
  } else {
    // Runs of ASCII go by table, the rest through ICU. Every ASCII character starts a
    // normalisation boundary (checked at construction), so the text may be cut before any ASCII
    // character and each piece normalised alone; the last character of an ASCII run goes with the
    // non-ASCII text after it, which may combine with it ("e" + U+0301).
    const size_t n = in.size();
    size_t i = 0;
    while (i < n) {
      size_t j = i;
      while (j < n && static_cast<unsigned char>(in[j]) < 0x80) ++j;
      if (j == n) {
        append_ascii_keys(in.substr(i), out);
        break;
      }
      const size_t cut = j > i ? j - 1 : j;
      append_ascii_keys(in.substr(i, cut - i), out);
      size_t k = j;
      while (k < n && static_cast<unsigned char>(in[k]) >= 0x80) ++k;
      append_icu_keys(in.substr(cut, k - cut), out);
      i = k;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
}

}  // namespace lockstep::text
