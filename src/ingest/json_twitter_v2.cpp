// X/Twitter API v2: single tweet objects (one per line, as twarc2's flattened output writes them,
// with "author" and full referenced tweets embedded), page responses {"data": [...], "includes":
// {...}, "meta": {...}} and single-tweet lookups {"data": {...}, "includes": {...}}.
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <utility>

#include "base/time_parse.h"
#include "ingest/json_convert.h"

namespace lockstep::ingest {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;

constexpr int kMaxDepth = 3;  // embedded referenced tweets nest; hostile input may nest forever

void read_user(element u, store::AccountRef& a) {
  enum { id, username, name, created_at, public_metrics, kKeys };
  const Fields<kKeys> f(u, {"id", "username", "name", "created_at", "public_metrics"});
  if (auto i = f.id(id); !i.empty()) a.id = std::move(i);
  a.handle = f.str(username);
  a.name = f.str(name);
  if (auto c = parse_time_ms(f.str(created_at))) a.created_ms = *c;
  element metrics;
  if (f.obj(public_metrics, metrics)) a.followers = json_int(metrics, "followers_count", -1);
}

// Link entities; the t.co link of attached media (it has a media_key) is not a shared link.
void read_urls(element ents, store::PostRecord& rec) {
  array arr;
  if (!json_arr(ents, "urls", arr)) return;
  for (element u : arr) {
    if (json_has(u, "media_key")) continue;
    // expanded_url first, as v1.1 does, so a link meets itself across the two APIs.
    std::string_view s = json_str(u, "expanded_url");
    if (s.empty()) s = json_str(u, "unwound_url");
    if (s.empty()) s = json_str(u, "url");
    if (!s.empty()) rec.urls.emplace_back(s);
  }
}

void read_entities(element ents, store::PostRecord& rec) {
  read_urls(ents, rec);
  array arr;
  if (json_arr(ents, "hashtags", arr))
    for (element h : arr)
      if (auto s = json_str(h, "tag"); !s.empty()) rec.hashtags.emplace_back(s);
  if (json_arr(ents, "mentions", arr))
    for (element m : arr) {
      store::AccountRef ref;
      ref.id = json_id(m, "id");
      ref.handle = json_str(m, "username");
      if (!ref.empty()) rec.mentions.push_back(std::move(ref));
    }
}

// Media keys, from attachments.media_keys or (twarc2 flattened) attachments.media[].media_key.
void read_media(element att, store::PostRecord& rec) {
  array arr;
  if (json_arr(att, "media_keys", arr)) {
    for (element k : arr) {
      std::string_view s;
      if (!k.get(s) && !s.empty()) rec.media.emplace_back(s);
    }
  } else if (json_arr(att, "media", arr)) {
    for (element m : arr)
      if (auto s = json_str(m, "media_key"); !s.empty()) rec.media.emplace_back(s);
  }
}

std::string api_error(element v) {
  element first = v;
  array errors;
  if (json_arr(v, "errors", errors))
    for (element e : errors) {
      first = e;
      break;
    }
  std::string_view title = json_str(first, "title");
  std::string_view detail = json_str(first, "detail");
  if (detail.empty()) detail = json_str(first, "message");  // the v1.1-style error shape
  return fmt::format("API error response, no tweets: {}{}{}", title,
                     title.empty() || detail.empty() ? "" : ": ", detail.substr(0, 200));
}

// One value: a tweet, a page or a lookup. Holds the page's includes, by id.
class V2Reader {
 public:
  explicit V2Reader(JsonContext& ctx) : ctx_(ctx) {}

  void read(element value) {
    if (!value.is_object())
      return ctx_.reject("expected a JSON object (a v2 tweet or page response)");
    enum { includes_key, data_key, errors, title, id, meta, kKeys };
    const Fields<kKeys> f(value, {"includes", "data", "errors", "title", "id", "meta"});
    element includes;
    array included;  // default-constructed arrays must not be iterated: hence the pointer below
    bool have_included = false;
    if (f.obj(includes_key, includes)) {
      index_by_id(includes, "users", users_);
      index_by_id(includes, "tweets", tweets_);
      have_included = json_arr(includes, "tweets", included);
    }
    element data;
    if (f.get(data_key, data) && !data.is_null())
      return read_data(data, have_included ? &included : nullptr);
    if (f.has(errors) || (f.has(title) && !f.has(id))) return ctx_.reject(api_error(value));
    if (f.has(meta) && !f.has(id)) return;  // a page with no results
    emit(value, 0, true);
  }

 private:
  using ById = std::unordered_map<std::string, element>;

  static void index_by_id(element owner, std::string_view key, ById& out) {
    array arr;
    if (!json_arr(owner, key, arr)) return;
    for (element e : arr)
      if (auto id = json_id(e, "id"); !id.empty()) out.emplace(std::move(id), e);
  }

  // Included tweets are real posts too (the originals that data tweets retweet, quote or answer).
  void read_data(element data, const array* included) {
    if (included != nullptr)
      for (element t : *included) emit(t, 1, false);
    array arr;
    if (!data.get(arr)) {
      for (element t : arr) emit(t, 0, false);
    } else if (data.is_object()) {
      emit(data, 0, false);
    } else {
      ctx_.reject("\"data\" is neither a tweet nor a list of tweets");
    }
  }

  void fail(element t, bool whole, std::string_view reason) {
    if (whole)
      ctx_.reject(reason);
    else
      reject_item(ctx_, t, reason);
  }

  // The author: embedded "author" (twarc2 flattened), else includes.users, else just the id.
  void read_author(element t, std::string_view id_key, std::string_view object_key,
                   store::AccountRef& a) {
    element u;
    read_author(json_id(t, id_key), json_obj(t, object_key, u), u, a);
  }
  void read_author(std::string id, bool embedded, element u, store::AccountRef& a) {
    a.id = std::move(id);
    if (embedded) return read_user(u, a);
    if (auto it = users_.find(a.id); it != users_.end()) read_user(it->second, a);
  }

  struct Ref {
    std::string id;
    element tweet;
    bool have_tweet = false;  // the referenced tweet's object is at hand
    bool embedded = false;    // ...and it sits inside this tweet (twarc2 flattened)
  };

  // The tweet this one references with `type`, if any (`refs`: its referenced_tweets).
  bool find_ref(const array* refs, std::string_view type, Ref& ref) {
    if (refs == nullptr) return false;
    for (element r : *refs) {
      if (json_str(r, "type") != type) continue;
      ref.id = json_id(r, "id");
      if (ref.id.empty()) return false;
      if (json_has(r, "author_id") || json_has(r, "text")) {
        ref.tweet = r;
        ref.have_tweet = ref.embedded = true;
      } else if (auto it = tweets_.find(ref.id); it != tweets_.end()) {
        ref.tweet = it->second;
        ref.have_tweet = true;
      }
      return true;
    }
    return false;
  }

  enum TweetKey {
    id,
    referenced_tweets,
    author_id,
    author,
    created_at,
    note_tweet,
    text,
    entities,
    lang,
    attachments,
    in_reply_to_user_id,
    in_reply_to_user,
    kTweetKeys
  };
  using TweetFields = Fields<kTweetKeys>;
  static TweetFields tweet_fields(element t) {
    return TweetFields(
        t, {"id", "referenced_tweets", "author_id", "author", "created_at", "note_tweet", "text",
            "entities", "lang", "attachments", "in_reply_to_user_id", "in_reply_to_user"});
  }

  // Long tweets keep their full text and entities in note_tweet.
  static void read_text(const TweetFields& f, store::PostRecord& rec) {
    element note, ents;
    if (f.obj(note_tweet, note) && !json_str(note, "text").empty()) {
      rec.text = json_str(note, "text");
      if (json_obj(note, "entities", ents)) read_entities(ents, rec);
      return;
    }
    rec.text = f.str(text);
    if (f.obj(entities, ents)) read_entities(ents, rec);
  }

  // Emits `t`, after any referenced tweet embedded in it.
  bool emit(element t, int depth, bool whole) {
    if (depth > kMaxDepth) {
      fail(t, false, "tweet nested more than 3 references deep; the inner ones are not read");
      return false;
    }
    const TweetFields f = tweet_fields(t);
    std::string post_id = f.id(id);
    if (post_id.empty()) {
      fail(t, whole, "not a v2 tweet: no id");
      return false;
    }
    array refs_array;
    const array* refs = f.arr(referenced_tweets, refs_array) ? &refs_array : nullptr;
    Ref rt, reply, quote;
    bool is_rt = find_ref(refs, "retweeted", rt);
    bool is_reply = find_ref(refs, "replied_to", reply);
    bool is_quote = find_ref(refs, "quoted", quote);
    for (Ref* r : {&rt, &reply, &quote})
      if (r->embedded && json_has(r->tweet, "author_id")) emit(r->tweet, depth + 1, false);

    auto& rec = ctx_.rec;
    rec.clear();
    rec.platform = store::Platform::twitter;
    rec.post_id = post_id;
    element u;
    read_author(f.id(author_id), f.obj(author, u), u, rec.author);
    if (rec.author.empty()) {
      fail(t, whole, fmt::format("tweet {}: no author_id", post_id));
      return false;
    }
    std::string_view created = f.str(created_at);
    if (auto ms = parse_time_ms(created)) {
      rec.ts_ms = *ms;
    } else {
      fail(t, whole, fmt::format("tweet {}: unreadable created_at '{}'", post_id, created));
      return false;
    }
    read_text(f, rec);
    rec.lang = f.str(lang);
    if (rec.lang == "und") rec.lang.clear();
    element att;
    if (f.obj(attachments, att)) read_media(att, rec);
    set_parent(f, is_rt ? &rt : nullptr, is_reply ? &reply : nullptr, is_quote ? &quote : nullptr);
    ctx_.emit();
    return true;
  }

  // Retweet first, then reply (a reply that also quotes is a reply), then quote.
  void set_parent(const TweetFields& f, Ref* rt, Ref* reply, Ref* quote) {
    auto& rec = ctx_.rec;
    Ref* parent = rt != nullptr ? rt : reply != nullptr ? reply : quote;
    if (parent == nullptr) return;
    rec.kind = parent == rt      ? store::EventKind::repost
               : parent == reply ? store::EventKind::reply
                                 : store::EventKind::quote;
    rec.parent_post_id = parent->id;
    if (parent->have_tweet) read_author(parent->tweet, "author_id", "author", rec.parent_author);
    element u;
    if (parent == reply && rec.parent_author.empty())
      read_author(f.id(in_reply_to_user_id), f.obj(in_reply_to_user, u), u, rec.parent_author);
  }

  JsonContext& ctx_;
  ById users_, tweets_;
};

}  // namespace

void convert_twitter_v2(element value, JsonContext& ctx) {
  V2Reader(ctx).read(value);
}

}  // namespace lockstep::ingest
