// ingest/ — reads platform exports and streams into the event table.
//
//   Ingestor        reads inputs one by one (format auto-detected, gzip/zstd transparent) into a
//                   TableBuilder; bad records go to the quarantine with file, line and reason.
//   ingest_dataset  the `lockstep ingest` job: inputs -> DATASET directory, resumable.
//   LineDecoder     records from lines handed over one at a time (streams; line_decoder.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ingest/format.h"
#include "ingest/line_decoder.h"
#include "ingest/quarantine.h"
#include "store/event_table.h"
#include "store/table_builder.h"

namespace lockstep::ingest {

struct IngestOptions {
  Format format = Format::auto_detect;  // or force one for every input
  std::string map;                      // --map field=column,... for csv/ndjson
  bool strict = false;                  // the first bad record is a fatal error
  bool resume = false;                  // keep an existing DATASET and skip inputs already read
  bool progress = true;                 // progress line on a terminal
};

struct FileReport {
  std::string path;
  Format format = Format::auto_detect;
  uint64_t size = 0, mtime = 0;
  uint64_t records = 0;     // records the reader produced
  uint64_t added = 0;       // new events
  uint64_t merged = 0;      // rows that added entities to an event already stored
  uint64_t duplicates = 0;  // rows already stored exactly
  uint64_t rejected = 0;    // to quarantine
  uint64_t repaired = 0;    // kept after a repair (noted in quarantine)
  double seconds = 0;
  std::vector<std::string> notes;
  std::string error;     // the input could not be read (at all, or to its end)
  bool skipped = false;  // read by an earlier run of a resumed ingest (from the manifest)
};

struct IngestReport {
  std::vector<FileReport> files;
  uint64_t events = 0, accounts = 0;
  uint64_t rejected() const;
  uint64_t repaired() const;
  bool any_file_error() const;
};

class Ingestor {
 public:
  // quarantine_path may be empty (rejects are counted, not written).
  Ingestor(IngestOptions options, const std::filesystem::path& quarantine_path);
  // Continues from an existing table.
  Ingestor(IngestOptions options, const std::filesystem::path& quarantine_path,
           const store::EventTable& existing);
  ~Ingestor();

  // Reads one input to its end. Throws UsageError only in strict mode; otherwise problems are
  // recorded in the returned report.
  FileReport read(const std::string& path);
  store::EventTable table() const { return builder_.snapshot(); }
  // The same table without copying its strings; nothing can be read after it.
  store::EventTable take_table() { return std::move(builder_).take(); }
  size_t events() const { return builder_.size(); }

 private:
  IngestOptions options_;
  store::TableBuilder builder_;
  Quarantine quarantine_;
};

// inputs -> dataset_dir/{table,manifest.json,quarantine.ndjson}. With options.resume, inputs
// whose path, size and mtime are in the manifest are skipped. Checkpoints between inputs.
IngestReport ingest_dataset(const std::vector<std::string>& inputs,
                            const std::filesystem::path& dataset_dir, const IngestOptions& options);

// Reads inputs into a table in memory (for `analyze INPUT...`).
store::EventTable ingest_inputs(const std::vector<std::string>& inputs,
                                const IngestOptions& options,
                                const std::filesystem::path& quarantine_path, IngestReport* report);

}  // namespace lockstep::ingest
