// Rows of a CSV or TSV table with RFC 4180 quoting (quoted fields may hold delimiters, doubled
// quotes and line breaks, as in CheckThat!'s files). The delimiter is a tab when the first line
// has one, else a comma.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::claims {

class DelimitedReader {
 public:
  explicit DelimitedReader(std::string_view content);
  // The next row's fields; false at the end.
  bool next(std::vector<std::string>& fields);
  uint64_t last_line() const { return last_line_; }  // 1-based line the row started on
  std::string_view last_raw() const { return last_raw_; }

 private:
  std::string_view content_;
  size_t pos_ = 0;
  uint64_t line_ = 1, last_line_ = 0;
  std::string_view last_raw_;
  char delim_ = ',';
};

}  // namespace lockstep::claims
