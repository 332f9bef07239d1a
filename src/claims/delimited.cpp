#include "claims/delimited.h"

namespace lockstep::claims {

DelimitedReader::DelimitedReader(std::string_view content) : content_(content) {
  std::string_view first = content.substr(0, content.find('\n'));
  delim_ = first.find('\t') != std::string_view::npos ? '\t' : ',';
}

bool DelimitedReader::next(std::vector<std::string>& fields) {
  fields.clear();
  if (pos_ >= content_.size()) return false;
  last_line_ = line_;
  size_t start = pos_;
  std::string field;
  bool quoted = false, at_field_start = true;
  while (pos_ < content_.size()) {
    char c = content_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < content_.size() && content_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += c;
      }
      continue;
    }
    if (c == '"' && at_field_start) {
      quoted = true;
      at_field_start = false;
      continue;
    }
    if (c == delim_) {
      fields.push_back(std::move(field));
      field.clear();
      at_field_start = true;
      continue;
    }
    if (c == '\n') {
      ++line_;
      break;
    }
    if (c == '\r' && pos_ < content_.size() && content_[pos_] == '\n') continue;
    field += c;
    at_field_start = false;
  }
  fields.push_back(std::move(field));
  size_t end = pos_;
  while (end > start && (content_[end - 1] == '\n' || content_[end - 1] == '\r')) --end;
  last_raw_ = content_.substr(start, end - start);
  return true;
}

}  // namespace lockstep::claims
