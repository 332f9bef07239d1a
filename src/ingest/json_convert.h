// Converters from one parsed JSON value (simdjson DOM) to PostRecords, one per platform format.
// A converter delivers zero or more records (a v1.1 retweet yields the original and the retweet;
// a v2 page yields every tweet in it) and rejects what it cannot read, with a reason.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/csv_layout.h"
#include "ingest/reader.h"
#include "store/record.h"

namespace lockstep::ingest {

struct JsonContext {
  RecordSink& sink;
  uint64_t line;                      // where the value starts (1 for a whole document)
  std::string_view raw;               // the value's text, for the quarantine
  const CsvLayout* layout = nullptr;  // ndjson only
  store::PostRecord& rec;             // scratch record, reused (the reader owns it)

  void reject(std::string_view reason) { sink.reject(line, reason, raw); }
  void emit() { sink.accept_owned(rec, line); }
};

using JsonConverter = void (*)(simdjson::dom::element value, JsonContext& ctx);

void convert_twitter_v1(simdjson::dom::element value, JsonContext& ctx);
void convert_twitter_v2(simdjson::dom::element value, JsonContext& ctx);
void convert_bluesky(simdjson::dom::element value, JsonContext& ctx);
void convert_mastodon(simdjson::dom::element value, JsonContext& ctx);
void convert_telegram(simdjson::dom::element value, JsonContext& ctx);
void convert_flat(simdjson::dom::element value, JsonContext& ctx);

// Small accessors that treat a missing key, a null and a wrong type alike: as absent.
std::string_view json_str(simdjson::dom::element v, std::string_view key);
// A string or an integer id, as text ("id_str" or "id"); empty when absent.
std::string json_id(simdjson::dom::element v, std::string_view key);
int64_t json_int(simdjson::dom::element v, std::string_view key, int64_t fallback);
bool json_has(simdjson::dom::element v, std::string_view key);
// The child `key` when it is an object (json_obj) or an array (json_arr); false otherwise.
bool json_obj(simdjson::dom::element v, std::string_view key, simdjson::dom::element& out);
bool json_arr(simdjson::dom::element v, std::string_view key, simdjson::dom::array& out);
// Rejects one record inside a larger value (a page, an export) with that record's own text as
// the raw record, so the quarantine shows what was wrong rather than the whole document.
void reject_item(JsonContext& ctx, simdjson::dom::element item, std::string_view reason);

}  // namespace lockstep::ingest
