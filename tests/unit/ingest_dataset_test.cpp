#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/error.h"
#include "ingest/ingest.h"
#include "store/dataset.h"

using namespace lockstep;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const char* name)
      : path(fs::temp_directory_path() /
             (std::string("lockstep-ds-") + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

const char* kHeader = "object_id,account_id,content_id,timestamp_share\n";

size_t lines_in(const fs::path& p) {
  std::ifstream in(p);
  size_t n = 0;
  for (std::string l; std::getline(in, l);) ++n;
  return n;
}

}  // namespace

TEST(IngestDataset, ResumeSkipsInputsAlreadyReadAndAddsNewOnes) {
  TempDir tmp("resume");
  write(tmp.path / "a.csv",
        std::string(kHeader) + "p1,acc1,s1,1600000000\np1,acc2,s2,1600000001\nbad,row\n");
  write(tmp.path / "b.csv", std::string(kHeader) + "p2,acc1,s3,1600000100\n");
  fs::path ds = tmp.path / "ds";
  ingest::IngestOptions opts;
  opts.progress = false;
  auto first = ingest::ingest_dataset({(tmp.path / "a.csv").string()}, ds, opts);
  EXPECT_EQ(first.events, 2u);
  EXPECT_EQ(first.rejected(), 1u);

  opts.resume = true;
  auto second = ingest::ingest_dataset(
      {(tmp.path / "a.csv").string(), (tmp.path / "b.csv").string()}, ds, opts);
  EXPECT_EQ(second.events, 3u);
  ASSERT_EQ(second.files.size(), 2u);  // a.csv from the manifest, b.csv read now
  EXPECT_EQ(store::load_table(ds).size(), 3u);
  EXPECT_EQ(lines_in(ds / "quarantine.ndjson"), 1u);  // a.csv was not read again

  // Without --resume the DATASET starts afresh.
  opts.resume = false;
  auto fresh = ingest::ingest_dataset({(tmp.path / "b.csv").string()}, ds, opts);
  EXPECT_EQ(fresh.events, 1u);
  EXPECT_EQ(store::load_table(ds).size(), 1u);
}

TEST(IngestDataset, StrictStopsAtTheFirstBadRecordWithFileAndLine) {
  TempDir tmp("strict");
  write(tmp.path / "a.csv",
        std::string(kHeader) + "p1,acc1,s1,1600000000\np1,acc2,s2,not-a-time\n");
  ingest::IngestOptions opts;
  opts.progress = false;
  opts.strict = true;
  try {
    ingest::ingest_dataset({(tmp.path / "a.csv").string()}, tmp.path / "ds", opts);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("a.csv:3:"), std::string::npos) << msg;
    EXPECT_NE(msg.find("unreadable time"), std::string::npos) << msg;
  }
}

TEST(IngestDataset, RefusesToOverwriteADirectoryThatIsNotADataset) {
  TempDir tmp("notds");
  write(tmp.path / "a.csv", std::string(kHeader) + "p1,acc1,s1,1600000000\n");
  write(tmp.path / "precious.txt", "do not delete");
  ingest::IngestOptions opts;
  opts.progress = false;
  EXPECT_THROW(ingest::ingest_dataset({(tmp.path / "a.csv").string()}, tmp.path, opts), UsageError);
  EXPECT_TRUE(fs::exists(tmp.path / "precious.txt"));
}
