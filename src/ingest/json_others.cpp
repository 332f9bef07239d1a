// Temporary: formats whose converters are being written. Each rejects with a clear reason.
#include "ingest/json_convert.h"

namespace lockstep::ingest {
void convert_twitter_v2(simdjson::dom::element, JsonContext& ctx) { ctx.reject("twitter-v2 reader not built yet"); }
void convert_bluesky(simdjson::dom::element, JsonContext& ctx) { ctx.reject("bluesky reader not built yet"); }
void convert_mastodon(simdjson::dom::element, JsonContext& ctx) { ctx.reject("mastodon reader not built yet"); }
void convert_telegram(simdjson::dom::element, JsonContext& ctx) { ctx.reject("telegram reader not built yet"); }
}  // namespace lockstep::ingest
