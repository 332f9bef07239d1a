// Shared by the fuzz targets: the fuzz input as a file (readers take a path) and a sink that
// checks what readers deliver and feeds it to a TableBuilder, so the builder is fuzzed too.
#pragma once

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/reader.h"
#include "store/dump.h"
#include "store/table_builder.h"
#include "text/text.h"

namespace lockstep::fuzz {

// One temp file per process ($TMPDIR/lockstep-fuzz-PID), rewritten for every input and removed
// at exit; a crash leaves it behind, so scripts/fuzz.sh points TMPDIR at its own temp dir.
class TempInput {
 public:
  TempInput()
      : path_((std::filesystem::temp_directory_path() /
               ("lockstep-fuzz-" + std::to_string(::getpid())))
                  .string()) {}
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

// Whether `data` is a gzip or zstd stream that decompresses to more than `limit` bytes. Targets
// skip those: the readers' work is proportional to the decompressed size by design, so a 64 KiB
// bomb would only measure patience (and a one-document JSON bomb is read whole, by design).
inline bool inflates_beyond(const uint8_t* data, size_t size, size_t limit) {
  static std::vector<uint8_t> out(size_t{1} << 20);
  size_t total = 0;
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) std::abort();
    z.next_in = const_cast<Bytef*>(data);
    z.avail_in = static_cast<uInt>(size);
    for (;;) {
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      int rc = inflate(&z, Z_NO_FLUSH);
      total += out.size() - z.avail_out;
      if (total > limit) break;
      if (rc == Z_STREAM_END && z.avail_in > 0)
        inflateReset(&z);  // members may follow, as InputFile reads
      else if (rc != Z_OK)
        break;  // the end, corrupt data or no progress: InputFile reports it
    }
    inflateEnd(&z);
  } else if (size >= 4 &&
             std::string_view(reinterpret_cast<const char*>(data), 4) == "\x28\xb5\x2f\xfd") {
    std::unique_ptr<ZSTD_DStream, size_t (*)(ZSTD_DStream*)> z(ZSTD_createDStream(),
                                                               &ZSTD_freeDStream);
    ZSTD_inBuffer in{data, size, 0};
    for (;;) {
      ZSTD_outBuffer ob{out.data(), out.size(), 0};
      size_t rc = ZSTD_decompressStream(z.get(), &ob, &in);
      total += ob.pos;
      if (ZSTD_isError(rc) || total > limit || (ob.pos == 0 && in.pos == in.size)) break;
    }
  }
  return total > limit;
}
inline constexpr size_t kMaxDecompressed = size_t{4} << 20;

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
