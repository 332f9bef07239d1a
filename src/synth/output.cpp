#include "synth/output.h"

#include <fmt/format.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>

#include "base/error.h"

namespace lockstep::synth {

namespace {
constexpr size_t kFlushAt = size_t{1} << 20;
}

struct Output::Zstd {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string out = std::string(ZSTD_CStreamOutSize(), '\0');
  ~Zstd() { ZSTD_freeCCtx(cctx); }
};

Output::Output(std::filesystem::path dir, std::string stem, std::string ext, std::string header,
               uint64_t shard, bool zstd, int zstd_level)
    : dir_(std::move(dir)),
      stem_(std::move(stem)),
      ext_(std::move(ext)),
      header_(std::move(header)),
      shard_(shard),
      zstd_(zstd),
      level_(zstd_level) {
  if (zstd_) {
    z_ = std::make_unique<Zstd>();
    if (!z_->cctx) throw IoError("zstd: cannot create a compression context");
  }
  buf_.reserve(kFlushAt + (kFlushAt >> 2));
  open_next();
}

Output::~Output() {
  try {
    finish();
  } catch (...) {
    // The caller that wants the error calls finish() itself.
  }
  if (file_) std::fclose(file_);
}

std::string& Output::begin_record() {
  if (shard_ > 0 && in_file_ == shard_) {
    flush(true);
    close_file();
    open_next();
  }
  return buf_;
}

void Output::end_record() {
  ++in_file_;
  if (buf_.size() >= kFlushAt) flush(false);
}

void Output::open_next() {
  std::string name =
      shard_ > 0 ? fmt::format("{}-{:05}.{}", stem_, files_.size() + 1, ext_) : stem_ + "." + ext_;
  if (zstd_) name += ".zst";
  auto path = dir_ / name;
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_)
    throw IoError(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  files_.push_back(path.string());
  if (zstd_) {
    ZSTD_CCtx_reset(z_->cctx, ZSTD_reset_session_only);
    ZSTD_CCtx_setParameter(z_->cctx, ZSTD_c_compressionLevel, level_);
  }
  in_file_ = 0;
  buf_ += header_;
}

void Output::write_raw(const char* p, size_t n) {
  if (n > 0 && std::fwrite(p, 1, n, file_) != n)
    throw IoError(fmt::format("cannot write {}: {}", files_.back(), std::strerror(errno)));
}

void Output::flush(bool last) {
  if (!zstd_) {
    write_raw(buf_.data(), buf_.size());
    buf_.clear();
    return;
  }
  ZSTD_inBuffer in{buf_.data(), buf_.size(), 0};
  const ZSTD_EndDirective mode = last ? ZSTD_e_end : ZSTD_e_continue;
  for (;;) {
    ZSTD_outBuffer out{z_->out.data(), z_->out.size(), 0};
    size_t left = ZSTD_compressStream2(z_->cctx, &out, &in, mode);
    if (ZSTD_isError(left)) throw IoError(fmt::format("zstd: {}", ZSTD_getErrorName(left)));
    write_raw(z_->out.data(), out.pos);
    if (last ? left == 0 : in.pos == in.size) break;
  }
  buf_.clear();
}

void Output::close_file() {
  if (!file_) return;
  FILE* f = file_;
  file_ = nullptr;
  if (std::fclose(f) != 0)
    throw IoError(fmt::format("cannot write {}: {}", files_.back(), std::strerror(errno)));
}

void Output::finish() {
  if (finished_) return;
  finished_ = true;
  flush(true);
  close_file();
}

}  // namespace lockstep::synth
