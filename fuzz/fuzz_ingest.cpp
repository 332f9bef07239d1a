// The whole `lockstep ingest` path on one file: compression sniffing (gzip/zstd), format
// detection, the reader, the table builder, a snapshot, and the dump of every event.
#include "fuzz_common.h"
#include "ingest/ingest.h"

using namespace lockstep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (fuzz::inflates_beyond(data, size, fuzz::kMaxDecompressed)) return 0;
  const std::string& path = fuzz::temp_input().write(data, size);
  ingest::IngestOptions opts;
  opts.progress = false;
  ingest::Ingestor ingestor(opts, "");  // no quarantine file: rejects are only counted
  ingest::FileReport rep = ingestor.read(path);
  if (rep.added + rep.merged + rep.duplicates + rep.rejected < rep.records) __builtin_trap();
  store::EventTable t = ingestor.table();
  for (size_t e = 0; e < t.size(); ++e)
    if (store::dump_event(t, e).empty()) __builtin_trap();
  return 0;
}
