// DATASET/quarantine.ndjson: one JSON object per rejected or repaired record, so nothing is lost
// silently: {"file":..., "line":..., "action":"rejected"|"repaired", "reason":..., "raw":...}.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

namespace lockstep::ingest {

class Quarantine {
 public:
  static constexpr size_t kMaxRaw = 64 * 1024;  // longer raw records are cut, and say so

  // Appends to `path` (so a resumed ingest keeps earlier entries). Empty path: count only.
  explicit Quarantine(const std::filesystem::path& path);

  void write(std::string_view file, uint64_t line, std::string_view action, std::string_view reason,
             std::string_view raw);
  void flush();

 private:
  std::unique_ptr<FILE, int (*)(FILE*)> out_;
};

}  // namespace lockstep::ingest
