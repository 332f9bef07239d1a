#include "ingest/line_decoder.h"

#include <fmt/format.h>

#include "base/error.h"
#include "ingest/readers.h"

namespace lockstep::ingest {

std::unique_ptr<LineDecoder> make_line_decoder(Format format, std::string_view map,
                                               RecordSink& sink) {
  switch (format) {
    case Format::auto_detect:
      throw UsageError("a stream's format must be known before decoding (detect it first)");
    case Format::telegram:
      throw UsageError(
          "a Telegram export is one JSON document and cannot be read as a stream; use "
          "`lockstep analyze` on the file");
    case Format::twitter_v1:
    case Format::twitter_v2:
    case Format::bluesky:
    case Format::mastodon:
    case Format::ndjson:
      return make_json_line_decoder(format, map, sink);
    default:
      return make_csv_line_decoder(format, map, sink);
  }
}

void feed_lines(InputFile& in, LineDecoder& decoder, RecordSink& sink,
                const std::function<bool()>& stop) {
  std::string_view line;
  for (;;) {
    auto st = in.next_line(line);
    if (st == InputFile::Line::end) break;
    uint64_t n = in.line_number();
    if (st == InputFile::Line::too_long) {
      if (decoder.inside_record()) decoder.finish(n);
      sink.reject(n, fmt::format("line longer than {} bytes", InputFile::kDefaultMaxLine),
                  line.substr(0, 1024));
      continue;
    }
    decoder.set_readable_after(in.readable_after(line));
    decoder.feed(line, n);
    if (stop && stop()) return;
  }
  decoder.finish(in.line_number());
}

}  // namespace lockstep::ingest
