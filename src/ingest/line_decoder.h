// Records from lines handed over one at a time, for streams that never end (standard input, a
// growing file, a message bus): the same format readers as for files, fed line by line. A CSV
// format takes its header from the first non-empty line; a record whose quoted field spans lines
// is delivered when its last line arrives.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "ingest/format.h"
#include "ingest/reader.h"

namespace lockstep::ingest {

class LineDecoder {
 public:
  virtual ~LineDecoder() = default;
  // One physical line without its line break; `line_no` (1-based) names it in rejects.
  virtual void feed(std::string_view line, uint64_t line_no) = 0;
  // The input ended (or was cut): a CSV record still open is rejected as unterminated.
  virtual void finish(uint64_t line_no) = 0;
  // Whether a CSV record is waiting for more lines: a resume position must not fall inside one.
  virtual bool inside_record() const = 0;

  // That `n` bytes after the end of the next line fed are readable, so a parser may read past the
  // line's end instead of copying it (simdjson wants 64). Applies to the next feed() only.
  void set_readable_after(size_t n) { readable_after_ = n; }

 protected:
  size_t readable_after_ = 0;
};

// `format` must be known (detect it first with detect_format); formats that are one JSON document
// (a Telegram export) cannot be streamed and throw UsageError. `map` is the --map option.
std::unique_ptr<LineDecoder> make_line_decoder(Format format, std::string_view map,
                                               RecordSink& sink);

// Reads a whole file through `decoder`: over-long lines are rejected (closing a CSV record they
// interrupt), the end of the input closes an open record. `stop`, when given, is asked after each
// line: true ends the reading there.
void feed_lines(InputFile& in, LineDecoder& decoder, RecordSink& sink,
                const std::function<bool()>& stop = {});

}  // namespace lockstep::ingest
