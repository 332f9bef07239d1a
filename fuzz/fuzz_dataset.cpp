// The DATASET loader: a DATASET may come from anywhere (a colleague, an old disk), and loading maps
// its files straight into the analyses, so every id and offset must be checked before use. The
// target saves a small valid table once, then per input replaces one of its column files (chosen by
// the first byte) with the rest of the input — behind a valid column header when the second byte is
// odd, so the fuzzer gets past the magic quickly — and loads it. A load either throws IoError or
// yields a table whose every event can be read.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "base/error.h"
#include "fuzz_common.h"
#include "store/dataset.h"

using namespace lockstep;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  fs::path dir;
  std::vector<fs::path> files;
  std::vector<std::string> original;

  Fixture() {
    dir = fs::temp_directory_path() / ("lockstep-fuzz-dataset-" + std::to_string(::getpid()));
    store::TableBuilder b;
    const char* texts[] = {"vote early https://t.co/a #one @bob", "vote early again #one",
                           "unrelated text", ""};
    for (int i = 0; i < 6; ++i) {
      store::PostRecord r;
      r.post_id = i % 2 ? std::to_string(1000 + i) : "at://did:plc:x/post/" + std::to_string(i);
      r.author.id = i % 3 ? "alice" : "bob";
      r.author.handle = r.author.id;
      r.ts_ms = 1'700'000'000'000 + i * 1000;
      r.kind = i == 3 ? store::EventKind::repost : store::EventKind::post;
      if (i == 3) r.parent_post_id = "1001";
      r.text = texts[i % 4];
      r.urls = {"https://example.org/a"};
      r.hashtags = {"one"};
      r.mentions.push_back({});
      r.mentions.back().handle = "bob";
      b.add(r);
    }
    store::save_table(b.snapshot(), dir);
    for (const auto& entry : fs::directory_iterator(dir / "table")) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      original.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  ~Fixture() { fs::remove_all(dir); }
};

void write(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fx;
  if (size < 2) return 0;
  const size_t which = data[0] % fx.files.size();
  std::string bytes;
  if (data[1] & 1) bytes = fx.original[which].substr(0, 64);  // keep the valid header
  bytes.append(reinterpret_cast<const char*>(data + 2), size - 2);
  write(fx.files[which], bytes);
  try {
    store::EventTable t = store::load_table(fx.dir);
    for (size_t e = 0; e < t.size(); ++e)
      if (store::dump_event(t, e).empty()) __builtin_trap();
  } catch (const IoError&) {
    // Refused with a message: what a damaged DATASET should get.
  }
  write(fx.files[which], fx.original[which]);
  return 0;
}
