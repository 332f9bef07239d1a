// read_csv in each CSV layout; the first byte picks the layout (and whether a --map is given),
// the rest is the file.
#include <array>

#include "fuzz_common.h"
#include "ingest/readers.h"

using namespace lockstep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<ingest::Format, 4> kFormats = {
      ingest::Format::coortweet, ingest::Format::qut, ingest::Format::io_archive,
      ingest::Format::csv};
  ingest::Format format = kFormats[data[0] % kFormats.size()];
  // Bit 2: an explicit mapping, which may or may not name columns the header has.
  std::string_view map = (data[0] & 4) != 0 ? "account=user,time=ts,text=body,hashtags=tags" : "";
  if (fuzz::inflates_beyond(data + 1, size - 1, fuzz::kMaxDecompressed)) return 0;
  // Bit 4: a small line limit, so that the over-long line paths are reached without 16 MiB lines.
  size_t max_line = (data[0] & 16) != 0 ? 256 : ingest::InputFile::kDefaultMaxLine;
  const std::string& path = fuzz::temp_input().write(data + 1, size - 1);
  ingest::InputFile in(path, max_line);
  fuzz::CheckingSink sink;
  ingest::read_csv(in, format, map, sink);
  sink.finish();
  return 0;
}
