// Which column of a CSV (or which key of a flat JSON line) holds which field of a record. Known
// layouts (CooRTweet, QUT toolkit, information-operations archive) are recognised from their
// header; any other table is mapped from common column names or an explicit --map.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/format.h"
#include "store/record.h"

namespace lockstep::ingest {

enum class Field {
  post,
  account,
  handle,
  name,
  created,
  followers,
  time,
  text,
  lang,
  repost_of,
  repost_of_account,
  reply_to,
  reply_to_account,
  quote_of,
  urls,
  hashtags,
  mentions,
  media,
  count_
};
inline constexpr size_t kFieldCount = static_cast<size_t>(Field::count_);

const char* to_string(Field f);
std::optional<Field> parse_field(std::string_view name);

struct CsvLayout {
  Format format = Format::csv;
  store::Platform platform = store::Platform::unknown;
  char delimiter = ',';
  std::vector<std::string> columns;          // as named in the header (lower-cased, trimmed)
  std::array<int, kFieldCount> column_of{};  // -1 when the input has no such column
  std::vector<std::string> ignored;          // columns nothing reads

  int col(Field f) const { return column_of[static_cast<size_t>(f)]; }

  // From a CSV/TSV header line. `forced` picks a layout instead of recognising it; `map` is
  // "field=column,..." and overrides. Fails (with `why`) without an account and a time column.
  static std::optional<CsvLayout> from_header(std::string_view header, std::string& why,
                                              Format forced = Format::auto_detect,
                                              std::string_view map = "");
  // The same for flat JSON lines, from the keys of the first object.
  static std::optional<CsvLayout> from_json_keys(std::string_view first_object, std::string& why,
                                                 std::string_view map = "");

 private:
  static std::optional<CsvLayout> from_columns(std::vector<std::string> columns, std::string& why,
                                               Format forced, std::string_view map);
};

// Splits one CSV record (RFC 4180: quotes, "" escapes, delimiters and newlines inside quotes).
// Returns false when a quoted field is still open at the end: the caller appends the next line.
bool split_csv_record(std::string_view record, char delimiter, std::vector<std::string>& fields);

// Splits a multi-valued cell: "[a, b]", "['a', 'b']", "a b", "a;b", "a|b" all give {a, b}.
void split_list(std::string_view cell, std::vector<std::string>& out);

// "", "NA", "NULL", "None", "nan" (any case) mean no value.
bool is_null_value(std::string_view v);

}  // namespace lockstep::ingest
