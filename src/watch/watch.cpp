// The stream sources of `lockstep watch`: standard input and files (followed as they grow).
#include "watch/watch.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "base/error.h"
#include "watch/nats_source.h"
#include "watch/watcher.h"

namespace lockstep::watch {

namespace {

constexpr size_t kChunk = size_t{1} << 20;
constexpr size_t kMaxLine = ingest::InputFile::kDefaultMaxLine;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ > 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

WatchReport run_fd(const WatchOptions& o) {
  Watcher w(o);
  const bool is_stdin = o.input == "-";
  Fd fd(is_stdin ? 0 : ::open(o.input.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw UsageError(fmt::format("cannot open {}", o.input));
  Position pos;
  if (auto r = w.resume_position()) {
    pos = *r;
    if (is_stdin) {
      // A pipe cannot seek: the producer is expected to replay the stream from its start, and the
      // bytes already processed are skipped.
      std::vector<char> skip(kChunk);
      uint64_t left = pos.offset;
      while (left > 0) {
        ssize_t n = ::read(0, skip.data(), std::min<uint64_t>(left, skip.size()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        left -= static_cast<uint64_t>(n);
      }
    } else if (::lseek(fd.get(), static_cast<off_t>(pos.offset), SEEK_SET) < 0) {
      throw IoError(fmt::format("cannot seek {} to {}", o.input, pos.offset));
    }
  }
  std::string buf;  // bytes read but not yet a complete line
  bool skipping = false;
  std::vector<char> chunk(kChunk);
  auto idle_since = std::chrono::steady_clock::now();
  for (;;) {
    ssize_t n = ::read(fd.get(), chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IoError(fmt::format("cannot read {}", o.input));
    if (n == 0) {
      if (!o.follow || is_stdin) break;
      // Following: the file may grow (or be cut short by a rotation, which we cannot follow).
      struct stat st;
      if (::fstat(fd.get(), &st) == 0 &&
          static_cast<uint64_t>(st.st_size) < pos.offset + buf.size())
        throw IoError(
            fmt::format("{} shrank below what was read; it was truncated or rotated. "
                        "Restart the watch with --restart",
                        o.input));
      if (w.checkpoint_due()) w.checkpoint(pos);
      if (o.idle_exit_s > 0 &&
          std::chrono::duration<double>(std::chrono::steady_clock::now() - idle_since).count() >=
              o.idle_exit_s)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    idle_since = std::chrono::steady_clock::now();
    buf.append(chunk.data(), static_cast<size_t>(n));
    size_t start = 0;
    if (skipping) {
      // The rest of an over-long line, already rejected.
      size_t nl = buf.find('\n');
      size_t upto = nl == std::string::npos ? buf.size() : nl + 1;
      pos.offset += upto;
      start = upto;
      skipping = nl == std::string::npos;
    }
    for (;;) {
      size_t nl = buf.find('\n', start);
      if (nl == std::string::npos) break;
      std::string_view line(buf.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      pos.offset += nl + 1 - start;
      ++pos.line;
      if (line.size() > kMaxLine) {
        w.reject(pos.line, fmt::format("line longer than {} bytes", kMaxLine),
                 line.substr(0, 1024));
      } else {
        w.line(line, pos);
      }
      start = nl + 1;
      if (w.checkpoint_due()) w.checkpoint(pos);
    }
    buf.erase(0, start);
    if (buf.size() > kMaxLine) {
      // A line without end: reject what is there and skip to its newline.
      ++pos.line;
      w.reject(pos.line, fmt::format("line longer than {} bytes", kMaxLine),
               std::string_view(buf).substr(0, 1024));
      pos.offset += buf.size();
      buf.clear();
      skipping = true;
    }
  }
  if (!buf.empty() && !o.follow) {
    // The last line of a finished input needs no newline; a followed file's partial last line
    // waits for the next run (the checkpoint stays before it).
    pos.offset += buf.size();
    ++pos.line;
    w.line(buf, pos);
  }
  w.finish(pos);
  return w.report();
}

}  // namespace

WatchReport run_watch(const WatchOptions& o) {
  if (!o.nats.url.empty()) return run_nats(o);
  return run_fd(o);
}

}  // namespace lockstep::watch
