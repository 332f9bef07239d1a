// What a format reader sees: an InputFile to read and a RecordSink to deliver to. A reader never
// throws for bad data: it rejects the record (with the line it started on) and carries on.
#pragma once

#include <cstdint>
#include <string_view>

#include "ingest/input_file.h"
#include "store/record.h"

namespace lockstep::ingest {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // A record that starts on physical line `line` (1-based).
  virtual void accept(const store::PostRecord& r, uint64_t line) = 0;
  // The same, for a record the reader is done with: the sink may take its contents instead of
  // copying them (PipelinedSink swaps it with a spent record, so no string is copied or
  // allocated). `r` is left valid but unspecified: readers clear() it before refilling it.
  virtual void accept_owned(store::PostRecord& r, uint64_t line) { accept(r, line); }
  // A record that could not be read; `raw` is what was there (it is kept, size-capped).
  virtual void reject(uint64_t line, std::string_view reason, std::string_view raw) = 0;
  // A record kept after a repair (e.g. invalid UTF-8 replaced); `raw` is the original.
  virtual void repaired(uint64_t line, std::string_view what, std::string_view raw) = 0;
  // Something about the whole input worth telling the user (e.g. an ignored column).
  virtual void note(std::string_view message) = 0;
};

// Per-line UTF-8 repair shared by all readers: returns `line` itself when valid, otherwise a
// repaired copy in `scratch`, and tells the sink.
std::string_view ensure_utf8(std::string_view line, uint64_t line_no, std::string& scratch,
                             RecordSink& sink);

}  // namespace lockstep::ingest
