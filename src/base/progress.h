// A progress line for long work. It draws only when stderr is a terminal and CI is not set, so
// pipes, logs and CI stay clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace lockstep {

class Progress {
 public:
  // total = 0 means unknown (shows a count instead of a bar).
  Progress(std::string label, uint64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Cheap to call often: redraws at most ~10 times a second.
  void update(uint64_t done, uint64_t items);
  void finish();

  static bool enabled();

 private:
  void draw(uint64_t done, uint64_t items);

  std::string label_;
  uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace lockstep
