// X/Twitter API v1.1 statuses (REST, streaming, and archives such as twarc 1 output).
#include <fmt/format.h>

#include "base/time_parse.h"
#include "ingest/json_convert.h"

namespace lockstep::ingest {

namespace {

using simdjson::dom::element;

void read_user(element user, store::AccountRef& a) {
  enum { id_str, id, screen_name, name, created_at, followers_count, kKeys };
  const Fields<kKeys> f(user,
                        {"id_str", "id", "screen_name", "name", "created_at", "followers_count"});
  a.id = f.id(id_str);
  if (a.id.empty()) a.id = f.id(id);
  a.handle = f.str(screen_name);
  a.name = f.str(name);
  if (auto c = parse_time_ms(f.str(created_at))) a.created_ms = *c;
  a.followers = f.integer(followers_count, -1);
}

void read_entities(element ents, store::PostRecord& rec) {
  enum { urls, hashtags, user_mentions, kKeys };
  const Fields<kKeys> f(ents, {"urls", "hashtags", "user_mentions"});
  simdjson::dom::array arr;
  if (f.arr(urls, arr))
    for (element u : arr) {
      std::string_view s = json_str(u, "expanded_url");
      if (s.empty()) s = json_str(u, "url");
      if (!s.empty()) rec.urls.emplace_back(s);
    }
  if (f.arr(hashtags, arr))
    for (element h : arr)
      if (auto s = json_str(h, "text"); !s.empty()) rec.hashtags.emplace_back(s);
  if (f.arr(user_mentions, arr))
    for (element m : arr) {
      enum { id_str, id, screen_name, name, kMentionKeys };
      const Fields<kMentionKeys> mf(m, {"id_str", "id", "screen_name", "name"});
      store::AccountRef ref;
      ref.id = mf.id(id_str);
      if (ref.id.empty()) ref.id = mf.id(id);
      ref.handle = mf.str(screen_name);
      ref.name = mf.str(name);
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
  enum {
    id_str,
    id,
    user,
    retweeted_status,
    quoted_status,
    created_at,
    timestamp_ms,
    extended_tweet,
    full_text,
    text,
    lang,
    entities,
    in_reply_to_status_id_str,
    in_reply_to_status_id,
    in_reply_to_user_id_str,
    in_reply_to_screen_name,
    quoted_status_id_str,
    kKeys
  };
  const Fields<kKeys> f(
      t, {"id_str", "id", "user", "retweeted_status", "quoted_status", "created_at", "timestamp_ms",
          "extended_tweet", "full_text", "text", "lang", "entities", "in_reply_to_status_id_str",
          "in_reply_to_status_id", "in_reply_to_user_id_str", "in_reply_to_screen_name",
          "quoted_status_id_str"});
  std::string post_id = f.id(id_str);
  if (post_id.empty()) post_id = f.id(id);
  element author;
  if (post_id.empty() || !f.get(user, author)) {
    if (json_has(t, "delete") || json_has(t, "limit") || json_has(t, "scrub_geo") ||
        json_has(t, "status_withheld"))
      ctx.reject("stream control message (delete/limit/withheld), not a post");
    else
      ctx.reject("not a v1.1 status: no id_str/id or no user object");
    return false;
  }
  element rt, qt;
  bool is_rt = f.obj(retweeted_status, rt);
  bool is_qt = f.obj(quoted_status, qt);
  if (is_rt) emit_tweet(rt, ctx, depth + 1);
  if (is_qt) emit_tweet(qt, ctx, depth + 1);

  auto& rec = ctx.rec;
  rec.clear();
  rec.platform = store::Platform::twitter;
  rec.post_id = post_id;
  read_user(author, rec.author);
  std::string_view created = f.str(created_at);
  if (auto ms = parse_time_ms(created)) {
    rec.ts_ms = *ms;
  } else if (auto ts = f.str(timestamp_ms); !ts.empty()) {
    if (auto v = parse_time_ms(ts)) rec.ts_ms = *v;
  }
  if (rec.ts_ms == store::kUnknownTime) {
    ctx.reject(fmt::format("status {}: unreadable created_at '{}'", post_id, created));
    return false;
  }
  // Full text lives in different places depending on API mode (compat, extended, streaming);
  // the entities are read beside the text that was taken.
  element ext, ents;
  std::string_view body;
  bool extended = f.get(extended_tweet, ext) && !(body = json_str(ext, "full_text")).empty();
  if (!extended) {
    body = f.str(full_text);
    if (body.empty()) body = f.str(text);
  }
  rec.text = body;
  rec.lang = f.str(lang);
  if (rec.lang == "und") rec.lang.clear();
  if (extended ? !ext["entities"].get(ents) : f.get(entities, ents)) read_entities(ents, rec);

  std::string reply_to = f.id(in_reply_to_status_id_str);
  if (reply_to.empty()) reply_to = f.id(in_reply_to_status_id);
  if (is_rt) {
    rec.kind = store::EventKind::repost;
    rec.parent_post_id = json_id(rt, "id_str");
    element ru;
    if (!rt["user"].get(ru)) read_user(ru, rec.parent_author);
  } else if (!reply_to.empty()) {
    rec.kind = store::EventKind::reply;
    rec.parent_post_id = reply_to;
    rec.parent_author.id = f.id(in_reply_to_user_id_str);
    rec.parent_author.handle = f.str(in_reply_to_screen_name);
  } else if (is_qt || f.has(quoted_status_id_str)) {
    rec.kind = store::EventKind::quote;
    rec.parent_post_id = is_qt ? json_id(qt, "id_str") : f.id(quoted_status_id_str);
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
