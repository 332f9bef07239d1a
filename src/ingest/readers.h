// The format readers. Each reads one InputFile to its end and delivers to a RecordSink.
#pragma once

#include <string_view>

#include "ingest/format.h"
#include "ingest/input_file.h"
#include "ingest/line_decoder.h"
#include "ingest/reader.h"

namespace lockstep::ingest {

// CSV/TSV: coortweet, qut, io_archive and csv (mapped). `map` is the --map option.
void read_csv(InputFile& in, Format format, std::string_view map, RecordSink& sink);

// JSON: twitter_v1, twitter_v2, bluesky, mastodon, telegram and ndjson (mapped), either one
// record per line or one document (an array, a page, an export).
void read_json(InputFile& in, Format format, std::string_view map, RecordSink& sink);

// Line-at-a-time versions of the two (what read_csv and read_json run on each line).
std::unique_ptr<LineDecoder> make_csv_line_decoder(Format format, std::string_view map,
                                                   RecordSink& sink);
std::unique_ptr<LineDecoder> make_json_line_decoder(Format format, std::string_view map,
                                                    RecordSink& sink);

}  // namespace lockstep::ingest
