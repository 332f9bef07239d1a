// Converters from one parsed JSON value (simdjson DOM) to PostRecords, one per platform format.
// A converter delivers zero or more records (a v1.1 retweet yields the original and the retweet;
// a v2 page yields every tweet in it) and rejects what it cannot read, with a reason.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstddef>
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
// The same for a value at hand.
std::string json_id_of(simdjson::dom::element field);
int64_t json_int_of(simdjson::dom::element field, int64_t fallback);
int64_t json_int(simdjson::dom::element v, std::string_view key, int64_t fallback);
bool json_has(simdjson::dom::element v, std::string_view key);
// The child `key` when it is an object (json_obj) or an array (json_arr); false otherwise.
bool json_obj(simdjson::dom::element v, std::string_view key, simdjson::dom::element& out);
bool json_arr(simdjson::dom::element v, std::string_view key, simdjson::dom::array& out);
// Several keys of one object read in one pass over its fields, instead of one scan per key as
// with at_key (v[key]): a tweet is read with a dozen lookups. For each key, the value of its first
// occurrence, as at_key finds it; the accessors treat absent, null and wrong types as json_str and
// friends do.
template <size_t N>
class Fields {
 public:
  Fields(simdjson::dom::element v, const std::array<std::string_view, N>& keys) {
    simdjson::dom::object obj;
    if (v.get(obj)) return;
    uint64_t lengths = 0;  // the key lengths asked for (mod 64): most other fields skip at once
    for (auto k : keys) lengths |= uint64_t{1} << (k.size() & 63);
    size_t left = N;
    for (auto field : obj) {
      const std::string_view key = field.key;
      if ((lengths >> (key.size() & 63) & 1) == 0) continue;
      for (size_t i = 0; i < N; ++i) {
        if (found_[i] || key != keys[i]) continue;
        found_[i] = true;
        value_[i] = field.value;
        --left;
        break;
      }
      if (left == 0) break;
    }
  }

  // Present (any type, null included): what !v[key].get(element) says.
  bool get(size_t i, simdjson::dom::element& out) const {
    if (!found_[i]) return false;
    out = value_[i];
    return true;
  }
  bool has(size_t i) const { return found_[i] && !value_[i].is_null(); }  // json_has
  std::string_view str(size_t i) const {                                  // json_str
    std::string_view s;
    if (!found_[i] || value_[i].get(s)) return {};
    return s;
  }
  std::string id(size_t i) const { return found_[i] ? json_id_of(value_[i]) : std::string(); }
  int64_t integer(size_t i, int64_t fallback) const {  // json_int
    return found_[i] ? json_int_of(value_[i], fallback) : fallback;
  }
  bool obj(size_t i, simdjson::dom::element& out) const {  // json_obj
    return found_[i] && !value_[i].get(out) && out.is_object();
  }
  bool arr(size_t i, simdjson::dom::array& out) const {  // json_arr
    return found_[i] && !value_[i].get(out);
  }

 private:
  std::array<simdjson::dom::element, N> value_{};
  std::array<bool, N> found_{};
};

// Rejects one record inside a larger value (a page, an export) with that record's own text as
// the raw record, so the quarantine shows what was wrong rather than the whole document.
void reject_item(JsonContext& ctx, simdjson::dom::element item, std::string_view reason);

}  // namespace lockstep::ingest
