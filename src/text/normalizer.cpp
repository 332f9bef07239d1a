#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uspoof.h>

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

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Appends `piece`, turning any white space run into one space, never leading.
void append_collapsed(std::string_view piece, std::string& out) {
  for (unsigned char c : piece) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
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
}

Normalizer::~Normalizer() = default;

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

void Normalizer::match_key(std::string_view in, std::string& out) {
  out.clear();
  if (is_ascii(in)) {
    for (unsigned char c : in) {
      const std::string& k = ascii_key_[c];
      if (k == " ") {
        if (!out.empty() && out.back() != ' ') out.push_back(' ');
      } else {
        out.append(k);
      }
    }
  } else {
    fold(in, scratch_);
    std::string skeleton;
    skeleton.resize(scratch_.size() * 3 + 16);
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeletonUTF8(icu_->spoof, 0, scratch_.data(),
                                       static_cast<int32_t>(scratch_.size()), skeleton.data(),
                                       static_cast<int32_t>(skeleton.size()), &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
      skeleton.resize(static_cast<size_t>(n));
      st = U_ZERO_ERROR;
      n = uspoof_getSkeletonUTF8(icu_->spoof, 0, scratch_.data(),
                                 static_cast<int32_t>(scratch_.size()), skeleton.data(),
                                 static_cast<int32_t>(skeleton.size()), &st);
    }
    if (U_FAILURE(st)) {
      append_collapsed(scratch_, out);
    } else {
      skeleton.resize(static_cast<size_t>(n));
      append_collapsed(skeleton, out);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
}

}  // namespace lockstep::text
