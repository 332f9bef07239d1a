// The text layer: UTF-8 repair, NFKC/casefold and confusables keys, URL normalisation, hashtag and
// mention extraction, timestamp parsing, and the JSON/base64 escaping of quarantine records.
#include <string>
#include <vector>

#include "base/json_writer.h"
#include "base/time_parse.h"
#include "ingest/quarantine.h"
#include "text/text.h"

using namespace lockstep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  std::string repaired;
  size_t replaced = text::repair_utf8(raw, repaired);
  // The contract every reader relies on: the repair leaves valid UTF-8, and changes nothing valid.
  if (!text::is_valid_utf8(repaired)) __builtin_trap();
  if (replaced == 0 && repaired != raw) __builtin_trap();

  static text::Normalizer norm;  // owns ICU objects; one per process, reused like the builder does
  std::string folded, key;
  norm.fold(repaired, folded);
  norm.match_key(repaired, key);
  if (!text::is_valid_utf8(folded) || !text::is_valid_utf8(key)) __builtin_trap();

  std::string url = text::normalize_url(raw);
  (void)text::url_domain(url);
  (void)text::url_domain(raw);

  std::vector<std::string> tags, mentions;
  text::extract_hashtags(repaired, tags);
  text::extract_mentions(repaired, mentions);
  for (const auto& t : tags)
    if (t.empty() || !text::is_valid_utf8(t)) __builtin_trap();
  text::extract_hashtags(raw, tags);  // callers may pass unrepaired text; must stay in bounds

  if (auto ms = parse_time_ms(raw)) {
    char out[32];
    format_iso8601_ms(*ms, out);
  }
  std::string json;
  append_json_string(json, repaired);
  // Raw records may be any bytes (base64 then); reasons are repaired. /dev/null keeps the I/O
  // cheap.
  static ingest::Quarantine quarantine("/dev/null");
  quarantine.write(raw, size, "rejected", raw, raw);
  return 0;
}
