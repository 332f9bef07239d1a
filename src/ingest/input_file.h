// Reads an input file line by line, plain or gzip/zstd compressed (detected from magic bytes, not
// the name), in bounded memory. "-" reads standard input. Over-long lines and truncated
// compressed streams are reported, never silently cut. A plain regular file is memory-mapped and
// its lines are views into the mapping: no copy, and the bytes after a line stay readable (see
// readable_after), so a parser can read ahead of a line's end without copying it first. (The
// file must not be truncated while it is read: the mapping would fault.)
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::ingest {

enum class Compression { none, gzip, zstd };

class InputFile {
 public:
  static constexpr size_t kDefaultMaxLine = size_t{16} << 20;

  explicit InputFile(std::string path, size_t max_line = kDefaultMaxLine);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  enum class Line { ok, too_long, end };
  // Next physical line without its "\n" / "\r\n". For too_long, `line` holds the first max_line
  // bytes and the rest of that line is skipped. The view lives until the next call.
  Line next_line(std::string_view& line);
  uint64_t line_number() const { return line_no_; }

  // How many bytes after the end of `line` (the last one next_line gave) are readable.
  size_t readable_after(std::string_view line) const;

  // The first `n` decompressed bytes (or fewer), without consuming them.
  std::string_view peek(size_t n);
  // Everything not yet read, as one string (for formats that are one JSON document).
  std::string read_rest();

  const std::string& path() const { return path_; }
  Compression compression() const { return compression_; }
  uint64_t raw_bytes_read() const { return mapped_.data() != nullptr ? map_pos_ : raw_read_; }
  uint64_t raw_size() const { return raw_size_; }  // 0 when unknown (a pipe)
  // Set at end of input when a compressed stream stopped mid-frame or was corrupt.
  const std::string& stream_error() const { return stream_error_; }

  struct Decoder;  // gzip or zstd stream decoder (input_file.cpp)

 private:
  bool map_plain(size_t size);  // maps the file unless it is compressed; false: stream it
  bool fill();                  // appends more decompressed bytes to buf_; false at end
  size_t read_raw(char* dst, size_t cap);

  std::string path_;
  size_t max_line_;
  std::unique_ptr<FILE, int (*)(FILE*)> file_;
  Compression compression_ = Compression::none;
  std::unique_ptr<Decoder> decoder_;
  std::vector<char> raw_;     // compressed bytes read, for the decoder
  std::string_view pending_;  // the part of raw_ not decoded yet
  std::string buf_;
  size_t pos_ = 0;
  std::string_view mapped_;  // the whole file, when mapped (then buf_ is unused)
  size_t map_pos_ = 0;
  bool eof_ = false;
  uint64_t line_no_ = 0, raw_read_ = 0, raw_size_ = 0;
  std::string stream_error_;
};

}  // namespace lockstep::ingest
