// The posts file(s): buffered, optionally split into shards of at most N records (each with the
// header) and zstd-compressed as a stream.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lockstep::synth {

class Output {
 public:
  // Files are dir/stem.ext[.zst], or dir/stem-00001.ext[.zst], ... when shard > 0.
  Output(std::filesystem::path dir, std::string stem, std::string ext, std::string header,
         uint64_t shard, bool zstd, int zstd_level);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // Append one record to the returned buffer, then call end_record().
  std::string& begin_record();
  void end_record();
  // Flushes and closes; throws IoError on failure. Called by the destructor if not before.
  void finish();
  const std::vector<std::string>& files() const { return files_; }

 private:
  struct Zstd;
  void open_next();
  void flush(bool last);
  void close_file();
  void write_raw(const char* p, size_t n);

  std::filesystem::path dir_;
  std::string stem_, ext_, header_;
  uint64_t shard_;
  bool zstd_;
  int level_;
  std::unique_ptr<Zstd> z_;
  FILE* file_ = nullptr;
  std::string buf_;
  uint64_t in_file_ = 0;
  std::vector<std::string> files_;
  bool finished_ = false;
};

}  // namespace lockstep::synth
