// brigades.csv followed while the server runs: a detector (`lockstep watch`, or a later analyze)
// may write or append to it, and the API and its event stream show the new incidents.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "report/report.h"

namespace lockstep::serve {

struct BrigadeSnapshot {
  bool available = false;  // the file exists (and was read at least once)
  std::vector<report::BrigadeIncident> incidents;
  uint64_t version = 0;  // grows with every change seen
};

class BrigadeFeed {
 public:
  BrigadeFeed(std::filesystem::path csv, const report::Findings& initial);

  // The incidents as the file holds them now. The file is looked at no more than every 250 ms;
  // a file caught mid-write (a half row) keeps the previous snapshot until it reads whole.
  std::shared_ptr<const BrigadeSnapshot> current();

 private:
  std::filesystem::path csv_;
  std::mutex mutex_;
  std::shared_ptr<const BrigadeSnapshot> snapshot_;
  std::uintmax_t size_ = 0;
  std::filesystem::file_time_type mtime_{};
  std::chrono::steady_clock::time_point checked_{};
};

}  // namespace lockstep::serve
