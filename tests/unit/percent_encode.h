// Percent-encodes every byte but ASCII letters and digits: query strings for the API tests.
#pragma once

#include <fmt/format.h>

#include <cctype>
#include <string>
#include <string_view>

inline std::string percent_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c))
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}
