// Escaping for JSON output. Post text is hostile: besides the JSON-mandated escapes, '<', '>',
// '&', U+2028 and U+2029 are escaped too, so the output is safe to embed in HTML <script> blocks.
#pragma once

#include <string>
#include <string_view>

namespace lockstep {

// Appends `s` as a quoted JSON string. `s` must be valid UTF-8.
void append_json_string(std::string& out, std::string_view s);

inline std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

}  // namespace lockstep
