// Shared by the fuzz targets: the fuzz input as a file (readers take a path) and a sink that
// checks what readers deliver and feeds it to a TableBuilder, so the builder is fuzzed too.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ingest/reader.h"
#include "store/dump.h"
#include "store/table_builder.h"
#include "text/text.h"

namespace lockstep::fuzz {

// One temp file per process, rewritten for every input and removed at exit.
class TempInput {
 public:
  TempInput() : path_("/tmp/lockstep-fuzz-" + std::to_string(::getpid())) {}
  ~TempInput() { std::remove(path_.c_str()); }
  TempInput(const TempInput&) = delete;
  TempInput& operator=(const TempInput&) = delete;

  const std::string& write(const uint8_t* data, size_t size) {
    FILE* f = std::fopen(path_.c_str(), "wb");
    if (f == nullptr) std::abort();  // the harness itself is broken: stop rather than fuzz nothing
    if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path_;
  }

 private:
  std::string path_;
};

inline TempInput& temp_input() {
  static TempInput t;
  return t;
}

// Reads every byte so that ASan sees a dangling or overrun view the moment a reader hands one out.
inline uint64_t touch(std::string_view s) {
  uint64_t h = s.size();
  for (unsigned char c : s) h = h * 31 + c;
  return h;
}

class CheckingSink : public ingest::RecordSink {
 public:
  void accept(const store::PostRecord& r, uint64_t line) override {
    ++accepted;
    sum_ += line + touch(r.post_id) + touch(r.author.id) + touch(r.author.handle) + touch(r.text) +
            touch(r.parent_post_id);
    // Readers promise valid UTF-8 text (ensure_utf8 repairs lines before parsing).
    if (!text::is_valid_utf8(r.text) || !text::is_valid_utf8(r.author.handle)) std::abort();
    builder_.add(r);
  }
  void reject(uint64_t line, std::string_view reason, std::string_view raw) override {
    ++rejected;
    sum_ += line + touch(reason) + touch(raw);
  }
  void repaired(uint64_t line, std::string_view what, std::string_view raw) override {
    sum_ += line + touch(what) + touch(raw);
  }
  void note(std::string_view message) override { sum_ += touch(message); }

  // Snapshots the builder and renders every event, as `lockstep dump` would.
  void finish() {
    store::EventTable t = builder_.snapshot();
    for (size_t e = 0; e < t.size(); ++e) sum_ += touch(store::dump_event(t, e));
  }

  uint64_t accepted = 0, rejected = 0;

 private:
  store::TableBuilder builder_;
  uint64_t sum_ = 0;
};

}  // namespace lockstep::fuzz
