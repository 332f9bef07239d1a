// A DATASET directory on disk: the event table as one file per column, loaded by memory mapping.
//
//   DATASET/table/<column>.col   64-byte header (magic, element size, count) + raw little-endian
//   data DATASET/manifest.json        written by ingest: inputs read, counts, quarantine summary
//   DATASET/quarantine.ndjson    rejected or repaired records, one JSON object per line
#pragma once

#include <filesystem>

#include "store/event_table.h"

namespace lockstep::store {

// Writes the table under dir/table, replacing an older one only once the new one is complete.
void save_table(const EventTable& table, const std::filesystem::path& dataset_dir);

// Maps dir/table. Throws IoError with the file name when a column is missing or corrupt.
EventTable load_table(const std::filesystem::path& dataset_dir);

bool is_dataset(const std::filesystem::path& dir);

}  // namespace lockstep::store
