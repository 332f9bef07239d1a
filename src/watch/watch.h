// watch/ — `lockstep watch`: the brigade detector over a live stream, crash-safe.
//
//   Sources      standard input, a file (read to its end, or followed as it grows, tail -f style),
//                or a NATS JetStream subject (durable pull consumer, acked after checkpoints).
//                Lines are decoded by the ingest readers (any streamable format); a partial last
//                line waits for its newline; bad records go to DIR/quarantine.ndjson.
//   Outputs      alerts as JSON lines (stdout or a file), DIR/brigades.csv, and per brigade
//                DIR/blocklists/incident-N.csv + incident-N.bsky.json.
//   Checkpoints  DIR/watch.state, written atomically (temp file, fsync, rename) every so many
//                records or seconds: the source position (file offset / JetStream sequence), the
//                detector's state and the length of each output. A restart after kill -9 cuts the
//                outputs back to those lengths and resumes from that position, so no event is
//                lost or counted twice and the outputs equal those of an uninterrupted run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "brigade/brigade.h"
#include "ingest/format.h"

namespace lockstep::watch {

struct NatsSource {
  std::string url;                         // nats://127.0.0.1:4222
  std::string stream;                      // JetStream stream holding the subject
  std::string subject;                     // subject (filter) to read
  std::string durable = "lockstep-watch";  // consumer name
};

struct WatchOptions {
  std::string input = "-";  // "-" standard input, or a file path (ignored with nats)
  bool follow = false;      // keep reading a file as it grows
  double idle_exit_s = 0;   // follow / nats: stop after this long without new data (0: never)
  NatsSource nats;          // used when nats.url is set
  ingest::Format format = ingest::Format::auto_detect;
  std::string map;
  std::filesystem::path out;              // DIR
  std::string alerts = "-";               // "-" standard output, or a file
  uint64_t checkpoint_records = 1000000;  // a checkpoint writes the whole state: not too often
  double checkpoint_seconds = 5.0;
  bool resume = true;              // continue from DIR/watch.state when it is there
  std::filesystem::path clusters;  // accounts.csv of an earlier analyze (optional)
  std::string list_uri_prefix = "at://did:plc:REPLACE-WITH-YOUR-DID/app.bsky.graph.list/";
  brigade::BrigadeOptions brigade;
  bool progress = false;
};

struct WatchReport {
  uint64_t lines = 0, records = 0, rejected = 0, alerts = 0, brigades = 0, incidents = 0;
  uint64_t checkpoints = 0;
  bool resumed = false;
  uint64_t resumed_at = 0;  // offset or sequence resumed from
  brigade::DetectorStats detector;
};

// Runs until the input ends (or idle_exit_s passes). Throws UsageError / IoError.
WatchReport run_watch(const WatchOptions& options);

}  // namespace lockstep::watch
