// Runs the table builder beside the reader: the reader's thread parses and hands records over in
// batches; one worker thread interns and normalises them, in the order they were read, so the
// table is the same as a one-thread ingest. Parsing and building each take about half of the
// work, so two cores read a file in little more than half the time.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ingest/reader.h"

namespace lockstep::ingest {

class PipelinedSink : public RecordSink {
 public:
  explicit PipelinedSink(RecordSink& inner);
  // Drains what was handed over (records read before an error are kept); errors of the builder
  // that finish() did not report are dropped here, as a destructor must not throw.
  ~PipelinedSink() override;
  PipelinedSink(const PipelinedSink&) = delete;
  PipelinedSink& operator=(const PipelinedSink&) = delete;

  void accept(const store::PostRecord& r, uint64_t line) override;
  void accept_owned(store::PostRecord& r, uint64_t line) override;
  void reject(uint64_t line, std::string_view reason, std::string_view raw) override;
  void repaired(uint64_t line, std::string_view what, std::string_view raw) override;
  void note(std::string_view message) override;

  // Waits until every record handed over is built; rethrows the builder's error, if any (e.g.
  // --strict stopping at a bad record).
  void finish();

 private:
  enum class Kind : uint8_t { accept, reject, repaired, note };
  struct Op {
    Kind kind = Kind::accept;
    uint64_t line = 0;
    store::PostRecord record;
    std::string what, raw;
  };
  struct Batch {
    std::vector<Op> ops;  // reused: assigning into a used Op keeps its strings' capacity
    size_t size = 0;
  };
  static constexpr size_t kBatch = 512;
  static constexpr size_t kInFlight = 4;  // batches queued at most: bounds memory

  Op& next(Kind kind, uint64_t line);
  void hand_over();  // queues the current batch, takes a free one
  void run();        // the worker
  void rethrow_if_failed();

  RecordSink& inner_;
  Batch current_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> queued_, free_;
  bool closing_ = false;
  std::exception_ptr error_;  // the builder's error; set once, then nothing more is built
  std::thread worker_;        // last: starts after the state it uses exists
};

}  // namespace lockstep::ingest
