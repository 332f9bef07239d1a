#include "ingest/input_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <memory>

using namespace lockstep::ingest;
namespace fs = std::filesystem;

namespace {

fs::path write_temp(const std::string& name, const std::string& bytes) {
  auto p =
      fs::temp_directory_path() / ("lockstep-input-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

std::string gzip(const std::string& s) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, s.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  z.avail_in = static_cast<uInt>(s.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string zstd(const std::string& s) {
  std::string out(ZSTD_compressBound(s.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), s.data(), s.size(), 3));
  return out;
}

std::vector<std::string> all_lines(InputFile& in) {
  std::vector<std::string> lines;
  std::string_view l;
  while (in.next_line(l) != InputFile::Line::end) lines.emplace_back(l);
  return lines;
}

std::string many_lines() {
  std::string s;
  for (int i = 0; i < 100000; ++i) s += "line number " + std::to_string(i) + "\n";
  return s;
}

}  // namespace

TEST(InputFile, PlainCrlfAndMissingFinalNewline) {
  auto p = write_temp("plain", "a\r\nb\n\nc");
  InputFile in(p.string());
  EXPECT_EQ(all_lines(in), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(in.line_number(), 4u);
  EXPECT_TRUE(in.stream_error().empty());
  fs::remove(p);
}

TEST(InputFile, GzipAndZstdAreDetectedByMagicIncludingConcatenatedMembers) {
  std::string text = many_lines();
  for (auto& [name, bytes] :
       {std::pair{"gz", gzip(text) + gzip("tail\n")}, {"zst", zstd(text) + zstd("tail\n")}}) {
    auto p = write_temp(std::string("c.") + name, bytes);
    InputFile in(p.string());
    auto lines = all_lines(in);
    ASSERT_EQ(lines.size(), 100001u) << name;
    EXPECT_EQ(lines[99999], "line number 99999");
    EXPECT_EQ(lines.back(), "tail");
    EXPECT_TRUE(in.stream_error().empty()) << name << ": " << in.stream_error();
    fs::remove(p);
  }
}

TEST(InputFile, TruncatedCompressedStreamsAreReported) {
  std::string text = many_lines();
  for (auto& [name, bytes] : {std::pair{"gz", gzip(text)}, {"zst", zstd(text)}}) {
    auto p = write_temp(std::string("t.") + name, bytes.substr(0, bytes.size() / 2));
    InputFile in(p.string());
    auto lines = all_lines(in);
    EXPECT_GT(lines.size(), 1000u);
    EXPECT_LT(lines.size(), 100000u);
    EXPECT_NE(in.stream_error().find("truncated"), std::string::npos)
        << name << ": " << in.stream_error();
    fs::remove(p);
  }
}

TEST(InputFile, OverlongLinesAreCutAndFlagged) {
  auto p = write_temp("long", "short\n" + std::string(5000, 'x') + "\nafter\n");
  InputFile in(p.string(), 1000);
  std::string_view l;
  EXPECT_EQ(in.next_line(l), InputFile::Line::ok);
  EXPECT_EQ(in.next_line(l), InputFile::Line::too_long);
  EXPECT_EQ(l.size(), 1000u);
  EXPECT_EQ(in.line_number(), 2u);
  EXPECT_EQ(in.next_line(l), InputFile::Line::ok);
  EXPECT_EQ(l, "after");
  EXPECT_EQ(in.line_number(), 3u);
  fs::remove(p);
}

TEST(InputFile, PeekDoesNotConsume) {
  auto p = write_temp("peek", "hello\nworld\n");
  InputFile in(p.string());
  EXPECT_EQ(in.peek(3), "hel");
  EXPECT_EQ(all_lines(in), (std::vector<std::string>{"hello", "world"}));
  fs::remove(p);
}

// A compression bomb is inflated a bounded step per read. The whole 1 MiB compressed chunk used to
// be inflated at once, so a 64 KiB zstd file could take gigabytes (fuzz_ingest found the OOM).
TEST(InputFile, CompressionBombIsReadInBoundedMemory) {
  constexpr size_t kBomb = size_t{256} << 20;
  std::string bytes;  // kBomb bytes of 'a', then "\nend\n", compressed piece by piece
  {
    std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> z(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    std::string piece(size_t{1} << 20, 'a'), out(ZSTD_CStreamOutSize(), '\0');
    for (size_t done = 0; done <= kBomb; done += piece.size()) {
      bool last = done == kBomb;
      if (last) piece = "\nend\n";
      ZSTD_inBuffer in{piece.data(), piece.size(), 0};
      for (bool finished = false; !finished;) {
        ZSTD_outBuffer ob{out.data(), out.size(), 0};
        size_t left = ZSTD_compressStream2(z.get(), &ob, &in, last ? ZSTD_e_end : ZSTD_e_continue);
        ASSERT_FALSE(ZSTD_isError(left));
        bytes.append(out.data(), ob.pos);
        finished = last ? left == 0 : in.pos == in.size;
      }
    }
  }
  ASSERT_LT(bytes.size(), size_t{1} << 20);  // one raw chunk holds the whole bomb
  auto p = write_temp("bomb.zst", bytes);
  auto peak_kib = [] {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
  };
  long before = peak_kib();
  {
    InputFile in(p.string(), 4096);  // a small line limit: only the decoder's buffering counts
    EXPECT_EQ(in.peek(3), "aaa");
    std::string_view l;
    EXPECT_EQ(in.next_line(l), InputFile::Line::too_long);
    EXPECT_EQ(in.next_line(l), InputFile::Line::ok);
    EXPECT_EQ(l, "end");
    EXPECT_EQ(in.next_line(l), InputFile::Line::end);
    EXPECT_TRUE(in.stream_error().empty()) << in.stream_error();
  }
  EXPECT_LT(peak_kib() - before, 32 * 1024) << "peak memory grew by more than 32 MiB";
  fs::remove(p);
}
