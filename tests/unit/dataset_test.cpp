#include "store/dataset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/error.h"
#include "store/dump.h"
#include "store/table_builder.h"

using namespace lockstep;
namespace fs = std::filesystem;

namespace {
fs::path temp_dir(const char* name) {
  auto p = fs::temp_directory_path() /
           (std::string("lockstep-test-") + name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}
}  // namespace

TEST(Dataset, SaveLoadRoundTripsEveryColumn) {
  store::TableBuilder b;
  store::PostRecord r;
  r.post_id = "1";
  r.author = {"42", "alice", "Alice A", 1000, 12};
  r.ts_ms = 5000;
  r.text = "Hello <b>world</b> ✓";
  r.lang = "en";
  r.urls = {"https://x.org/a"};
  r.hashtags = {"tag"};
  r.media = {"m"};
  b.add(r);
  r.post_id = "2";
  r.kind = store::EventKind::repost;
  r.parent_post_id = "1";
  r.parent_author.id = "42";
  r.ts_ms = 6000;
  b.add(r);
  auto t = b.snapshot();
  auto dir = temp_dir("roundtrip");
  store::save_table(t, dir);
  auto loaded = store::load_table(dir);
  ASSERT_EQ(loaded.size(), t.size());
  for (size_t e = 0; e < t.size(); ++e)
    EXPECT_EQ(store::dump_event(loaded, e), store::dump_event(t, e));
  EXPECT_EQ(loaded.account_created_ms[0], 1000);
  EXPECT_EQ(loaded.account_followers[0], 12);
  EXPECT_EQ(loaded.account_names[0], "Alice A");
  fs::remove_all(dir);
}

TEST(Dataset, CorruptOrMissingColumnsFailWithTheFileName) {
  store::TableBuilder b;
  auto dir = temp_dir("corrupt");
  store::save_table(b.snapshot(), dir);
  fs::resize_file(dir / "table" / "ts_ms.col", 10);
  try {
    store::load_table(dir);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("ts_ms.col"), std::string::npos) << e.what();
  }
  fs::remove(dir / "table" / "ts_ms.col");
  EXPECT_THROW(store::load_table(dir), IoError);
  EXPECT_THROW(store::load_table(dir / "nope"), IoError);
  fs::remove_all(dir);
}

TEST(Dataset, OutOfRangeIdsAreRejectedAtLoad) {
  store::TableBuilder b;
  store::PostRecord r;
  r.post_id = "1";
  r.author.id = "a";
  r.ts_ms = 1000;
  b.add(r);
  auto dir = temp_dir("range");
  store::save_table(b.snapshot(), dir);
  // Point the only event at account 7 of 1.
  {
    std::fstream f(dir / "table" / "account.col", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(64);
    uint32_t bad = 7;
    f.write(reinterpret_cast<const char*>(&bad), sizeof bad);
  }
  try {
    store::load_table(dir);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("event accounts"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}
