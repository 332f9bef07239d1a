#include "base/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace lockstep {

bool Progress::enabled() {
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0') return false;
  return ::isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled()),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  finish();
}

void Progress::update(uint64_t done, uint64_t items) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  draw(done, items);
}

void Progress::draw(uint64_t done, uint64_t items) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = secs > 0 ? static_cast<double>(items) / secs : 0.0;
  if (total_ > 0) {
    int width = 30;
    double frac = static_cast<double>(done) / static_cast<double>(total_);
    if (frac > 1) frac = 1;
    int fill = static_cast<int>(frac * width);
    std::fprintf(stderr, "\r%s [%.*s%*s] %3.0f%%  %llu records  %.0f/s ", label_.c_str(), fill,
                 "##############################", width - fill, "", frac * 100,
                 static_cast<unsigned long long>(items), rate);
  } else {
    std::fprintf(stderr, "\r%s %llu records  %.0f/s ", label_.c_str(),
                 static_cast<unsigned long long>(items), rate);
  }
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (enabled_ && drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace lockstep
