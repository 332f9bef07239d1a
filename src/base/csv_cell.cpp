#include "base/csv_cell.h"

namespace lockstep {

std::string csv_cell(std::string_view s) {
  // A cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheet programs.
  bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                                s[0] == '\t' || s[0] == '\r');
  bool quote = formula || s.find_first_of(",\"\n\r") != std::string_view::npos;
  if (!quote) return std::string(s);
  std::string out = "\"";
  if (formula) out.push_back('\'');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace lockstep
