// Format detection and header recognition: detect_format, is_single_document, and
// CsvLayout::from_header / from_json_keys on the first line, plus the CSV cell splitters.
#include <array>
#include <string>
#include <vector>

#include "ingest/csv_layout.h"
#include "ingest/format.h"

using namespace lockstep::ingest;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view head(reinterpret_cast<const char*>(data), size);
  std::string why;
  auto detected = detect_format(head, why);
  if (!detected && why.empty()) __builtin_trap();  // a failed detection always says why
  (void)is_single_document(head);

  std::string_view first = head.substr(0, head.find('\n'));
  static constexpr std::array<Format, 5> kForced = {Format::auto_detect, Format::coortweet,
                                                    Format::qut, Format::io_archive, Format::csv};
  for (Format f : kForced) {
    why.clear();
    auto layout = CsvLayout::from_header(first, why, f);
    if (layout) {
      for (int c : layout->column_of)
        if (c >= static_cast<int>(layout->columns.size())) __builtin_trap();
    } else if (why.empty()) {
      __builtin_trap();
    }
  }
  why.clear();
  (void)CsvLayout::from_header(first, why, Format::csv, "account=user_id,time=created_at,bogus");
  why.clear();
  (void)CsvLayout::from_json_keys(first, why);

  std::vector<std::string> fields;
  (void)split_csv_record(head, ',', fields);
  (void)split_csv_record(head, '\t', fields);
  split_list(head, fields);
  (void)is_null_value(head);
  return 0;
}
