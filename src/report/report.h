// report/ — writes what an analysis found, in the files other tools read (see docs/formats.md):
//   accounts.csv  edges.csv  clusters.json  summary.json  network.gexf  network.graphml
// Every string from the data is escaped for its format: CSV cells that a spreadsheet would run as
// a formula are defused, XML gets entity escapes and loses characters XML cannot hold.
#pragma once

#include <filesystem>
#include <string>

#include "base/csv_cell.h"
#include "coord/coord.h"
#include "store/event_table.h"

namespace lockstep::report {

struct RunInfo {
  std::string input;  // what was analysed (paths or DATASET)
  double ingest_seconds = 0;
  uint64_t quarantined = 0;
};

void write_analysis(const std::filesystem::path& dir, const store::EventTable& t,
                    const coord::CoordResult& r, const coord::CoordOptions& options,
                    const RunInfo& info);

// Escaping helpers (exposed for tests).
using lockstep::csv_cell;  // base/csv_cell.h
std::string xml_escape(std::string_view s);

}  // namespace lockstep::report
