// X/Twitter API v1.1 statuses (REST, streaming, and archives such as twarc 1 output).
#include <fmt/format.h>

#include "base/time_parse.h"
#include "ingest/json_convert.h"

namespace lockstep::ingest {

namespace {

using simdjson::dom::element;

void read_user(element user, store::AccountRef& a) {
  a.id = json_id(user, "id_str");
  if (a.id.empty()) a.id = json_id(user, "id");
  a.handle = json_str(user, "screen_name");
  a.name = json_str(user, "name");
  if (auto c = parse_time_ms(json_str(user, "created_at"))) a.created_ms = *c;
  a.followers = json_int(user, "followers_count", -1);
}

// Full text lives in different places depending on API mode (compat, extended, streaming).
std::string_view tweet_text(element t, element& entities_owner) {
  element ext;
  if (!t["extended_tweet"].get(ext)) {
    entities_owner = ext;
    if (auto s = json_str(ext, "full_text"); !s.empty()) return s;
  }
  entities_owner = t;
  if (auto s = json_str(t, "full_text"); !s.empty()) return s;
  return json_str(t, "text");
}

void read_entities(element owner, store::PostRecord& rec) {
  element ents;
  if (owner["entities"].get(ents)) return;
  simdjson::dom::array arr;
  if (!ents["urls"].get(arr))
    for (element u : arr) {
      std::string_view s = json_str(u, "expanded_url");
      if (s.empty()) s = json_str(u, "url");
      if (!s.empty()) rec.urls.emplace_back(s);
    }
  if (!ents["hashtags"].get(arr))
    for (element h : arr)
      if (auto s = json_str(h, "text"); !s.empty()) rec.hashtags.emplace_back(s);
  if (!ents["user_mentions"].get(arr))
    for (element m : arr) {
      store::AccountRef ref;
      ref.id = json_id(m, "id_str");
      if (ref.id.empty()) ref.id = json_id(m, "id");
      ref.handle = json_str(m, "screen_name");
      ref.name = json_str(m, "name");
      if (!ref.empty()) rec.mentions.push_back(std::move(ref));
    }
}

// Emits `t` (and first any post it embeds). Depth guards hostile nesting.
bool emit_tweet(element t, JsonContext& ctx, int depth) {
  if (depth > 3) {  // retweet of a quote of a quote...: hostile input can nest without end
    reject_item(ctx, t,
                "status nested more than 3 retweets/quotes deep; the inner ones are not read");
    return false;
  }
  std::string id = json_id(t, "id_str");
  if (id.empty()) id = json_id(t, "id");
  element user;
  if (id.empty() || t["user"].get(user)) {
    if (json_has(t, "delete") || json_has(t, "limit") || json_has(t, "scrub_geo") ||
        json_has(t, "status_withheld"))
      ctx.reject("stream control message (delete/limit/withheld), not a post");
    else
      ctx.reject("not a v1.1 status: no id_str/id or no user object");
    return false;
  }
  element rt, qt;
  bool is_rt = !t["retweeted_status"].get(rt) && rt.is_object();
  bool is_qt = !t["quoted_status"].get(qt) && qt.is_object();
  if (is_rt) emit_tweet(rt, ctx, depth + 1);
  if (is_qt) emit_tweet(qt, ctx, depth + 1);

  auto& rec = ctx.rec;
  rec.clear();
  rec.platform = store::Platform::twitter;
  rec.post_id = id;
  read_user(user, rec.author);
  std::string_view created = json_str(t, "created_at");
  if (auto ms = parse_time_ms(created)) {
    rec.ts_ms = *ms;
  } else if (auto ts = json_str(t, "timestamp_ms"); !ts.empty()) {
    if (auto v = parse_time_ms(ts)) rec.ts_ms = *v;
  }
  if (rec.ts_ms == store::kUnknownTime) {
    ctx.reject(fmt::format("status {}: unreadable created_at '{}'", id, created));
    return false;
  }
  element entities_owner = t;
  rec.text = tweet_text(t, entities_owner);
  rec.lang = json_str(t, "lang");
  if (rec.lang == "und") rec.lang.clear();
  read_entities(entities_owner, rec);

  std::string reply_to = json_id(t, "in_reply_to_status_id_str");
  if (reply_to.empty()) reply_to = json_id(t, "in_reply_to_status_id");
  if (is_rt) {
    rec.kind = store::EventKind::repost;
    rec.parent_post_id = json_id(rt, "id_str");
    element ru;
    if (!rt["user"].get(ru)) read_user(ru, rec.parent_author);
  } else if (!reply_to.empty()) {
    rec.kind = store::EventKind::reply;
    rec.parent_post_id = reply_to;
    rec.parent_author.id = json_id(t, "in_reply_to_user_id_str");
    rec.parent_author.handle = json_str(t, "in_reply_to_screen_name");
  } else if (is_qt || json_has(t, "quoted_status_id_str")) {
    rec.kind = store::EventKind::quote;
    rec.parent_post_id = is_qt ? json_id(qt, "id_str") : json_id(t, "quoted_status_id_str");
    element qu;
    if (is_qt && !qt["user"].get(qu)) read_user(qu, rec.parent_author);
  }
  ctx.emit();
  return true;
}

}  // namespace

void convert_twitter_v1(element value, JsonContext& ctx) {
  if (!value.is_object()) return ctx.reject("expected a JSON object (a v1.1 status)");
  // A search response wraps statuses: {"statuses": [...]}.
  simdjson::dom::array statuses;
  if (!value["statuses"].get(statuses)) {
    for (element t : statuses) emit_tweet(t, ctx, 0);
    return;
  }
  emit_tweet(value, ctx, 0);
}

}  // namespace lockstep::ingest
