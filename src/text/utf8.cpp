#include <simdjson.h>
#include <unicode/utf8.h>

#include "text/text.h"

namespace lockstep::text {

bool is_valid_utf8(std::string_view s) {
  return simdjson::validate_utf8(s.data(), s.size());
}

size_t repair_utf8(std::string_view in, std::string& out) {
  if (is_valid_utf8(in)) {
    out.append(in);
    return 0;
  }
  size_t replaced = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  int32_t len = static_cast<int32_t>(in.size());
  int32_t i = 0;
  while (i < len) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, len, c);
    if (c < 0) {
      out.append("\xEF\xBF\xBD");
      ++replaced;
    } else {
      out.append(in.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    }
  }
  return replaced;
}

}  // namespace lockstep::text
