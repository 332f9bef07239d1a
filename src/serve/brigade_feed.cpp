#include "serve/brigade_feed.h"

#include <system_error>

namespace lockstep::serve {

namespace fs = std::filesystem;

BrigadeFeed::BrigadeFeed(fs::path csv, const report::Findings& initial) : csv_(std::move(csv)) {
  auto s = std::make_shared<BrigadeSnapshot>();
  s->available = initial.have_brigades;
  s->incidents = initial.brigades;
  snapshot_ = std::move(s);
  std::error_code ec;
  if (initial.have_brigades) {
    size_ = fs::file_size(csv_, ec);
    mtime_ = fs::last_write_time(csv_, ec);
  }
  checked_ = std::chrono::steady_clock::now();
}

std::shared_ptr<const BrigadeSnapshot> BrigadeFeed::current() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now - checked_ < std::chrono::milliseconds(250)) return snapshot_;
  checked_ = now;
  std::error_code ec;
  bool exists = fs::is_regular_file(csv_, ec);
  if (!exists) {
    if (snapshot_->available) {  // removed: say so
      auto s = std::make_shared<BrigadeSnapshot>();
      s->version = snapshot_->version + 1;
      snapshot_ = std::move(s);
      size_ = 0;
    }
    return snapshot_;
  }
  auto size = fs::file_size(csv_, ec);
  auto mtime = fs::last_write_time(csv_, ec);
  if (ec || (snapshot_->available && size == size_ && mtime == mtime_)) return snapshot_;
  try {
    auto s = std::make_shared<BrigadeSnapshot>();
    s->available = true;
    s->incidents = report::load_brigades(csv_);
    s->version = snapshot_->version + 1;
    snapshot_ = std::move(s);
    size_ = size;
    mtime_ = mtime;
  } catch (const std::exception&) {
    // Mid-write or damaged: keep showing the last good state; the stamp stays old, so the next
    // look tries again.
  }
  return snapshot_;
}

}  // namespace lockstep::serve
