#include "ingest/input_file.h"

#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "base/error.h"

namespace lockstep::ingest {

namespace {
constexpr size_t kChunk = size_t{1} << 20;
}

// Streaming decompressors. Both accept concatenated members/frames, as pigz and zstd -T write.
struct InputFile::Decoder {
  virtual ~Decoder() = default;
  // Decompresses from `in` into `out` (appending up to kChunk bytes); consumes input as it goes.
  virtual void decode(std::string_view& in, std::string& out) = 0;
  virtual bool mid_stream() const = 0;  // input ended inside a frame
  std::string error;
};

namespace {

struct GzipDecoder : InputFile::Decoder {
  z_stream z{};
  bool in_member = false;
  GzipDecoder() {
    if (inflateInit2(&z, 15 + 32) != Z_OK) throw IoError("zlib: cannot initialise");
  }
  ~GzipDecoder() override { inflateEnd(&z); }
  void decode(std::string_view& in, std::string& out) override {
    size_t old = out.size();
    out.resize(old + kChunk);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    z.avail_out = static_cast<uInt>(kChunk);
    while (z.avail_in > 0 && z.avail_out > 0 && error.empty()) {
      in_member = true;
      int rc = inflate(&z, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member = false;
        inflateReset(&z);  // another gzip member may follow
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error = fmt::format("corrupt gzip data ({})", z.msg != nullptr ? z.msg : "inflate failed");
      } else if (rc == Z_BUF_ERROR) {
        break;
      }
    }
    in.remove_prefix(in.size() - z.avail_in);
    out.resize(old + (kChunk - z.avail_out));
  }
  bool mid_stream() const override { return in_member; }
};

struct ZstdDecoder : InputFile::Decoder {
  ZSTD_DStream* z = ZSTD_createDStream();
  size_t hint = 0;
  ZstdDecoder() {
    if (z == nullptr) throw IoError("zstd: cannot initialise");
    ZSTD_initDStream(z);
  }
  ~ZstdDecoder() override { ZSTD_freeDStream(z); }
  void decode(std::string_view& in, std::string& out) override {
    size_t old = out.size();
    out.resize(old + kChunk);
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    ZSTD_outBuffer ob{out.data() + old, kChunk, 0};
    while (ib.pos < ib.size && ob.pos < ob.size) {
      size_t rc = ZSTD_decompressStream(z, &ob, &ib);
      if (ZSTD_isError(rc)) {
        error = fmt::format("corrupt zstd data ({})", ZSTD_getErrorName(rc));
        break;
      }
      hint = rc;
    }
    // Flush what the decoder still holds for this input.
    while (ob.pos < ob.size && error.empty()) {
      size_t before = ob.pos;
      size_t rc = ZSTD_decompressStream(z, &ob, &ib);
      if (ZSTD_isError(rc)) {
        error = fmt::format("corrupt zstd data ({})", ZSTD_getErrorName(rc));
        break;
      }
      if (ob.pos == before) break;  // nothing more buffered; keep the hint of the last real step
      hint = rc;
    }
    in.remove_prefix(ib.pos);
    out.resize(old + ob.pos);
  }
  bool mid_stream() const override { return hint != 0; }
};

}  // namespace

InputFile::InputFile(std::string path, size_t max_line)
    : path_(std::move(path)), max_line_(max_line), file_(nullptr, &std::fclose) {
  if (path_ == "-") {
    file_ = {stdin, [](FILE*) { return 0; }};
  } else {
    file_.reset(std::fopen(path_.c_str(), "rb"));
    if (!file_) throw IoError(fmt::format("{}: cannot open: {}", path_, std::strerror(errno)));
    struct stat st {};
    if (::fstat(fileno(file_.get()), &st) == 0) {
      if (S_ISDIR(st.st_mode))
        throw UsageError(fmt::format("{}: is a directory, not an input file", path_));
      raw_size_ = static_cast<uint64_t>(st.st_size);
      if (S_ISREG(st.st_mode) && st.st_size > 0 && map_plain(static_cast<size_t>(st.st_size)))
        return;
    }
  }
  // Sniff compression from the first bytes, which then go through the decoder like the rest.
  std::string head(4, '\0');
  size_t got = read_raw(head.data(), head.size());
  head.resize(got);
  if (got >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
      static_cast<unsigned char>(head[1]) == 0x8b) {
    compression_ = Compression::gzip;
    decoder_ = std::make_unique<GzipDecoder>();
  } else if (got == 4 && std::memcmp(head.data(), "\x28\xb5\x2f\xfd", 4) == 0) {
    compression_ = Compression::zstd;
    decoder_ = std::make_unique<ZstdDecoder>();
  }
  if (decoder_) {
    std::string_view in(head);
    while (!in.empty() && decoder_->error.empty()) decoder_->decode(in, buf_);
  } else {
    buf_ = head;
  }
}

InputFile::~InputFile() {
  if (mapped_.data() != nullptr)
    ::munmap(const_cast<char*>(mapped_.data()), mapped_.size());  // NOLINT: mmap's own pointer
}

bool InputFile::map_plain(size_t size) {
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fileno(file_.get()), 0);
  if (p == MAP_FAILED) return false;  // read it as a stream instead
  const auto* b = static_cast<const unsigned char*>(p);
  bool compressed = (size >= 2 && b[0] == 0x1f && b[1] == 0x8b) ||
                    (size >= 4 && std::memcmp(b, "\x28\xb5\x2f\xfd", 4) == 0);
  if (compressed) {
    ::munmap(p, size);
    return false;
  }
  ::madvise(p, size, MADV_SEQUENTIAL);  // advice only
  mapped_ = std::string_view(static_cast<const char*>(p), size);
  return true;
}

size_t InputFile::read_raw(char* dst, size_t cap) {
  size_t n = std::fread(dst, 1, cap, file_.get());
  raw_read_ += n;
  if (n < cap && std::ferror(file_.get()))
    throw IoError(fmt::format("{}: read error: {}", path_, std::strerror(errno)));
  return n;
}

bool InputFile::fill() {
  if (eof_) return false;
  if (!decoder_) {
    size_t old = buf_.size();
    buf_.resize(old + kChunk);
    size_t n = read_raw(buf_.data() + old, kChunk);
    buf_.resize(old + n);
    if (n == 0) eof_ = true;
    return n > 0;
  }
  size_t before = buf_.size();
  while (buf_.size() == before) {
    if (pending_.empty()) {
      raw_.resize(kChunk);
      size_t n = read_raw(raw_.data(), raw_.size());
      if (n == 0) {
        eof_ = true;
        if (decoder_->error.empty() && decoder_->mid_stream())
          stream_error_ = fmt::format("{} stream is truncated (ended mid-frame)",
                                      compression_ == Compression::gzip ? "gzip" : "zstd");
        return false;
      }
      pending_ = std::string_view(raw_.data(), n);
    }
    // One step (at most kChunk decoded bytes) per call, the rest of the raw chunk kept for the
    // next: decoding it all at once let a 64 KiB zstd file fill gigabytes of buffer.
    decoder_->decode(pending_, buf_);
    if (!decoder_->error.empty()) {
      stream_error_ = decoder_->error;
      eof_ = true;
      return buf_.size() > before;
    }
  }
  return true;
}

namespace {

// A complete line [start, start + len) as next_line hands it out: its head when longer than
// max_line (the rest of it is dropped), else without a trailing CR.
InputFile::Line hand_out(const char* start, size_t len, size_t max_line, std::string_view& line) {
  if (len > max_line) {
    line = std::string_view(start, max_line);
    return InputFile::Line::too_long;
  }
  line = std::string_view(start, len);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return InputFile::Line::ok;
}

}  // namespace

InputFile::Line InputFile::next_line(std::string_view& line) {
  if (mapped_.data() != nullptr) {
    if (map_pos_ >= mapped_.size()) return Line::end;
    const char* start = mapped_.data() + map_pos_;
    const size_t avail = mapped_.size() - map_pos_;
    const void* nl = std::memchr(start, '\n', avail);
    const size_t len = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - start)
                                     : avail;  // the last line, without a newline
    map_pos_ += nl != nullptr ? len + 1 : len;
    ++line_no_;
    return hand_out(start, len, max_line_, line);
  }
  size_t scan_from = pos_;
  for (;;) {
    const char* start = buf_.data() + pos_;
    size_t avail = buf_.size() - pos_;
    const void* nl = std::memchr(buf_.data() + scan_from, '\n', buf_.size() - scan_from);
    if (nl != nullptr) {
      size_t len = static_cast<size_t>(static_cast<const char*>(nl) - start);
      pos_ += len + 1;
      ++line_no_;
      return hand_out(start, len, max_line_, line);
    }
    if (avail > max_line_) {
      // Hand out the head of the line, then skip to its end.
      ++line_no_;
      std::string head(start, max_line_);
      for (;;) {
        buf_.clear();
        pos_ = 0;
        if (!fill()) break;
        if (const void* p = std::memchr(buf_.data(), '\n', buf_.size())) {
          pos_ = static_cast<size_t>(static_cast<const char*>(p) - buf_.data()) + 1;
          break;
        }
      }
      buf_.insert(0, head);  // keep the head alive for the caller, then drop it next call
      pos_ += head.size();
      line = std::string_view(buf_.data(), head.size());
      return Line::too_long;
    }
    // Compact, then read more.
    if (pos_ > 0) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    scan_from = buf_.size();
    if (!fill()) {
      if (buf_.empty()) return Line::end;
      line = std::string_view(buf_);  // last line without a newline
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      pos_ = buf_.size();
      ++line_no_;
      return Line::ok;
    }
  }
}

size_t InputFile::readable_after(std::string_view line) const {
  std::string_view all = mapped_.data() != nullptr ? mapped_ : std::string_view(buf_);
  const auto end = reinterpret_cast<uintptr_t>(line.data() + line.size());
  const auto begin = reinterpret_cast<uintptr_t>(all.data());
  if (end < begin || end > begin + all.size()) return 0;  // not a line of this input
  return begin + all.size() - end;
}

std::string_view InputFile::peek(size_t n) {
  if (mapped_.data() != nullptr) return mapped_.substr(map_pos_, n);
  while (buf_.size() - pos_ < n && fill()) {
  }
  return std::string_view(buf_).substr(pos_, n);
}

std::string InputFile::read_rest() {
  if (mapped_.data() != nullptr) {
    std::string rest(mapped_.substr(map_pos_));
    map_pos_ = mapped_.size();
    return rest;
  }
  while (fill()) {
  }
  std::string rest = buf_.substr(pos_);
  buf_.clear();
  pos_ = 0;
  return rest;
}

}  // namespace lockstep::ingest
