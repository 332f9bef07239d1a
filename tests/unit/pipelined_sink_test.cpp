// The builder thread must be invisible: same calls, same order, errors where a one-thread ingest
// raises them, nothing handed over lost.
#include "ingest/pipelined_sink.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace lockstep;

namespace {

// Records what reaches the builder side, and which thread it ran on.
struct Recorder : ingest::RecordSink {
  std::vector<std::string> calls;
  std::thread::id thread;
  uint64_t fail_at_line = 0;  // accept() throws at this line, like --strict

  void accept(const store::PostRecord& r, uint64_t line) override {
    thread = std::this_thread::get_id();
    if (line == fail_at_line) throw std::runtime_error("stop at " + std::to_string(line));
    calls.push_back("accept " + r.post_id + " " + std::to_string(line));
  }
  void reject(uint64_t line, std::string_view reason, std::string_view raw) override {
    calls.push_back("reject " + std::to_string(line) + " " + std::string(reason) + " " +
                    std::string(raw));
  }
  void repaired(uint64_t line, std::string_view what, std::string_view) override {
    calls.push_back("repaired " + std::to_string(line) + " " + std::string(what));
  }
  void note(std::string_view message) override { calls.push_back("note " + std::string(message)); }
};

std::vector<std::string> feed(ingest::RecordSink& sink, int n) {
  std::vector<std::string> expected;
  store::PostRecord r;
  for (int i = 1; i <= n; ++i) {
    r.post_id = "p" + std::to_string(i);
    if (i % 7 == 0) {
      sink.reject(i, "bad row", "raw" + std::to_string(i));
      expected.push_back("reject " + std::to_string(i) + " bad row raw" + std::to_string(i));
    } else {
      sink.accept(r, i);
      expected.push_back("accept p" + std::to_string(i) + " " + std::to_string(i));
    }
    if (i % 1000 == 0) {
      sink.note("thousand");
      expected.push_back("note thousand");
    }
  }
  return expected;
}

}  // namespace

TEST(PipelinedSink, EveryCallArrivesInOrderOnTheBuilderThread) {
  Recorder rec;
  std::vector<std::string> expected;
  {
    ingest::PipelinedSink sink(rec);
    expected = feed(sink, 5000);  // many batches
    sink.finish();
  }
  EXPECT_EQ(rec.calls, expected);
  EXPECT_NE(rec.thread, std::this_thread::get_id());
}

TEST(PipelinedSink, DestructorDrainsWhatWasHandedOver) {
  // A reader that stops with an error keeps the records read before it.
  Recorder rec;
  std::vector<std::string> expected;
  {
    ingest::PipelinedSink sink(rec);
    expected = feed(sink, 1234);
  }
  EXPECT_EQ(rec.calls, expected);
}

TEST(PipelinedSink, BuilderErrorReachesTheReaderAndNothingAfterItIsBuilt) {
  Recorder rec;
  rec.fail_at_line = 600;
  bool thrown = false;
  try {
    ingest::PipelinedSink sink(rec);
    feed(sink, 20000);
    sink.finish();
  } catch (const std::runtime_error& e) {
    thrown = true;
    EXPECT_STREQ(e.what(), "stop at 600");
  }
  EXPECT_TRUE(thrown);
  ASSERT_FALSE(rec.calls.empty());
  EXPECT_EQ(rec.calls.back(), "accept p599 599");
}

TEST(PipelinedSink, NothingHandedOverIsFine) {
  Recorder rec;
  ingest::PipelinedSink sink(rec);
  sink.finish();
  sink.finish();
  EXPECT_TRUE(rec.calls.empty());
}
