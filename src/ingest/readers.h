// The format readers. Each reads one InputFile to its end and delivers to a RecordSink.
#pragma once

#include <string_view>

#include "ingest/format.h"
#include "ingest/input_file.h"
#include "ingest/reader.h"

namespace lockstep::ingest {

// CSV/TSV: coortweet, qut, io_archive and csv (mapped). `map` is the --map option.
void read_csv(InputFile& in, Format format, std::string_view map, RecordSink& sink);

// JSON: twitter_v1, twitter_v2, bluesky, mastodon, telegram and ndjson (mapped), either one
// record per line or one document (an array, a page, an export).
void read_json(InputFile& in, Format format, std::string_view map, RecordSink& sink);

}  // namespace lockstep::ingest
