// Brigade detector checkpoints (brigade/checkpoint.cpp): the fuzz input is a payload, wrapped in a
// valid header and checksum (else nearly every input would stop at the checksum), restored, used
// and saved again. A damaged payload must throw IoError, never crash or allocate without bound.
#include <cstring>
#include <string>

#include "base/error.h"
#include "base/hash.h"
#include "brigade/brigade.h"

using namespace lockstep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view payload(reinterpret_cast<const char*>(data), size);
  std::string bytes = "LSBRIGAD";
  auto u64 = [&](uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>(v >> (8 * i)));
  };
  u64(2);  // the format version
  u64(payload.size());
  u64(hash_bytes(payload));
  bytes.append(payload);
  try {
    auto d = brigade::Detector::restore(bytes, brigade::BrigadeOptions{}, {});
    store::PostRecord r;
    r.kind = store::EventKind::reply;
    r.ts_ms = d.stats().now_ms == store::kUnknownTime ? 0 : d.stats().now_ms + 1000;
    r.author.id = "fuzz";
    r.parent_author.id = "target";
    r.text = "a reply long enough to be compared with the others";
    d.add(r);
    d.advance(r.ts_ms + 86'400'000);
    d.finish();
    (void)d.take_alerts();
    (void)d.take_closed();
    (void)d.checkpoint();
  } catch (const IoError&) {
  }
  return 0;
}
