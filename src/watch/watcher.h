// The part of `watch` every source shares: lines in, records to the detector, alerts and files
// out, and the checkpoint that ties the source position to the detector state and the outputs.
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "ingest/ingest.h"
#include "watch/watch.h"

namespace lockstep::watch {

// Where the source stands after the lines processed so far.
struct Position {
  uint64_t offset = 0;  // file: bytes consumed; nats: stream sequence of the last message
  uint64_t line = 0;    // physical lines consumed
};

// An output file that is only appended to, with fsync before a checkpoint records its length.
class AppendFile {
 public:
  AppendFile() = default;
  // Opens `path` for appending, first cutting it to `keep` bytes (what the last checkpoint
  // recorded; anything after it was written after the checkpoint and will be written again).
  void open(const std::filesystem::path& path, std::optional<uint64_t> keep,
            std::string_view header);
  void use_stdout();
  void write(std::string_view s);
  uint64_t sync();  // flush + fsync; the length now
  bool is_stdout() const { return stdout_; }

 private:
  std::unique_ptr<FILE, int (*)(FILE*)> f_{nullptr, std::fclose};
  bool stdout_ = false;
  std::string path_;
};

class Watcher : public ingest::RecordSink {
 public:
  explicit Watcher(const WatchOptions& o);
  ~Watcher() override;

  // The checkpointed position to resume from, if any.
  std::optional<Position> resume_position() const { return resume_; }
  // The input's format, from the checkpoint or (when unknown) from its first line.
  void line(std::string_view text, const Position& after);
  // Whether a checkpoint is due and possible now; `force` at the end of input.
  bool checkpoint_due() const;
  void checkpoint(const Position& at);
  // End of input: open incidents close, last alerts and a final checkpoint.
  void finish(const Position& at);
  WatchReport report() const;

  // RecordSink
  void accept(const store::PostRecord& r, uint64_t line) override;
  void reject(uint64_t line, std::string_view reason, std::string_view raw) override;
  void repaired(uint64_t line, std::string_view what, std::string_view raw) override;
  void note(std::string_view message) override;

 private:
  void drain();
  void load_state();

  const WatchOptions& o_;
  std::string source_name_;
  brigade::Detector detector_;
  std::unique_ptr<ingest::LineDecoder> decoder_;
  ingest::Format format_ = ingest::Format::auto_detect;
  std::string first_line_;  // CSV header / first ndjson object: primes a decoder on resume
  bool priming_ = false;
  std::optional<Position> resume_;
  AppendFile alerts_, brigades_;
  std::unique_ptr<ingest::Quarantine> quarantine_;
  uint64_t since_checkpoint_ = 0;
  std::chrono::steady_clock::time_point last_checkpoint_;
  WatchReport report_;
};

}  // namespace lockstep::watch
