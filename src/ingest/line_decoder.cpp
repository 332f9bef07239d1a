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

}  // namespace lockstep::ingest
