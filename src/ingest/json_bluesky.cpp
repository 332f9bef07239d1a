// Bluesky Jetstream events: commits that create app.bsky.feed.post or app.bsky.feed.repost
// records. Identity, account, delete, like and follow events are not posts and are rejected as
// such (so that they are counted, not silently dropped). Reads the pre-October-2024 Jetstream
// shape too ("type":"com", commit "type":"c").
#include <fmt/format.h>

#include <string>

#include "base/time_parse.h"
#include "ingest/json_convert.h"

namespace lockstep::ingest {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;

constexpr std::string_view kPost = "app.bsky.feed.post";
constexpr std::string_view kRepost = "app.bsky.feed.repost";

// The authority of an at:// URI: a DID normally, a handle in hand-written links.
store::AccountRef author_of_uri(std::string_view uri) {
  store::AccountRef a;
  if (!uri.starts_with("at://")) return a;
  uri.remove_prefix(5);
  std::string_view authority = uri.substr(0, uri.find('/'));
  if (authority.starts_with("did:"))
    a.id = authority;
  else
    a.handle = authority;
  return a;
}

// Whether an at:// URI names a post (an embed.record can also be a list, feed or starter pack).
bool is_post_uri(std::string_view uri) {
  return uri.starts_with("at://") && uri.find("/app.bsky.feed.post/") != std::string_view::npos;
}

std::string_view blob_cid(element blob) {
  element ref;
  if (json_obj(blob, "ref", ref)) return json_str(ref, "$link");
  return json_str(blob, "cid");  // legacy blob shape
}

// Images and video by content id: the same file uploaded twice has the same CID.
void read_media(element media, store::PostRecord& rec) {
  array images;
  if (json_arr(media, "images", images))
    for (element img : images) {
      element blob;
      if (json_obj(img, "image", blob))
        if (auto cid = blob_cid(blob); !cid.empty()) rec.media.emplace_back(cid);
    }
  element video;
  if (json_obj(media, "video", video))
    if (auto cid = blob_cid(video); !cid.empty()) rec.media.emplace_back(cid);
  element external;
  if (json_obj(media, "external", external))
    if (auto uri = json_str(external, "uri"); !uri.empty()) rec.urls.emplace_back(uri);
}

// The embed: media and external links; returns the quoted post's URI, if it quotes one.
std::string_view read_embed(element record, store::PostRecord& rec) {
  element embed, inner;
  if (!json_obj(record, "embed", embed)) return {};
  std::string_view type = json_str(embed, "$type");
  std::string_view quoted;
  if (type == "app.bsky.embed.record") {
    if (json_obj(embed, "record", inner)) quoted = json_str(inner, "uri");
  } else if (type == "app.bsky.embed.recordWithMedia") {
    element outer;
    if (json_obj(embed, "record", outer) && json_obj(outer, "record", inner))
      quoted = json_str(inner, "uri");
    if (json_obj(embed, "media", inner)) read_media(inner, rec);
  } else {
    read_media(embed, rec);
  }
  return is_post_uri(quoted) ? quoted : std::string_view{};
}

// Handles are domain names; a byte span that is anything else (hostile offsets) is no handle.
bool is_handle(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-'))
      return false;
  return true;
}

// A mention facet names a DID; the text it spans ("@alice.bsky.social") gives the handle.
store::AccountRef mention_of(element feature, element index, std::string_view text) {
  store::AccountRef ref;
  ref.id = json_str(feature, "did");
  int64_t start = json_int(index, "byteStart", -1), end = json_int(index, "byteEnd", -1);
  if (start >= 0 && end > start && static_cast<uint64_t>(end) <= text.size()) {
    std::string_view span =
        text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    if (span.starts_with('@') && is_handle(span.substr(1))) ref.handle = span.substr(1);
  }
  return ref;
}

void read_facets(element record, store::PostRecord& rec) {
  array facets, features;
  if (!json_arr(record, "facets", facets)) return;
  for (element facet : facets) {
    element index;
    if (!json_obj(facet, "index", index)) index = facet;  // no span: handle stays unknown
    if (!json_arr(facet, "features", features)) continue;
    for (element f : features) {
      std::string_view type = json_str(f, "$type");
      if (type == "app.bsky.richtext.facet#link") {
        if (auto uri = json_str(f, "uri"); !uri.empty()) rec.urls.emplace_back(uri);
      } else if (type == "app.bsky.richtext.facet#tag") {
        if (auto tag = json_str(f, "tag"); !tag.empty()) rec.hashtags.emplace_back(tag);
      } else if (type == "app.bsky.richtext.facet#mention") {
        if (auto ref = mention_of(f, index, rec.text); !ref.empty())
          rec.mentions.push_back(std::move(ref));
      }
    }
  }
}

void read_post(element record, store::PostRecord& rec) {
  rec.text = json_str(record, "text");
  array arr;
  if (json_arr(record, "langs", arr))
    for (element l : arr) {
      std::string_view s;
      if (!l.get(s)) rec.lang = s;
      break;
    }
  read_facets(record, rec);
  if (json_arr(record, "tags", arr))  // tags added outside the text
    for (element t : arr) {
      std::string_view s;
      if (!t.get(s) && !s.empty()) rec.hashtags.emplace_back(s);
    }
  std::string_view quoted = read_embed(record, rec);
  element reply, parent;
  std::string_view replied = json_obj(record, "reply", reply) && json_obj(reply, "parent", parent)
                                 ? json_str(parent, "uri")
                                 : std::string_view{};
  std::string_view target = !replied.empty() ? replied : quoted;
  if (target.empty()) return;
  rec.kind = !replied.empty() ? store::EventKind::reply : store::EventKind::quote;
  rec.parent_post_id = target;
  rec.parent_author = author_of_uri(target);
}

// What was this event, for the reason of rejecting it: "identity",
// "commit/app.bsky.feed.like/create".
std::string describe(std::string_view kind, std::string_view collection,
                     std::string_view operation) {
  std::string s(kind.empty() ? "?" : kind);
  if (!collection.empty() || !operation.empty()) s += fmt::format("/{}/{}", collection, operation);
  return s;
}

}  // namespace

void convert_bluesky(element v, JsonContext& ctx) {
  if (!v.is_object()) return ctx.reject("expected a JSON object (a Jetstream event)");
  std::string_view kind = json_str(v, "kind");
  if (kind.empty()) kind = json_str(v, "type");
  if (kind == "com") kind = "commit";
  element commit;
  bool has_commit = json_obj(v, "commit", commit);
  std::string_view collection = has_commit ? json_str(commit, "collection") : std::string_view{};
  std::string_view op = has_commit ? json_str(commit, "operation") : std::string_view{};
  if (op.empty() && has_commit) op = json_str(commit, "type");
  if (op == "c") op = "create";
  if (kind != "commit" || op != "create" || (collection != kPost && collection != kRepost))
    return ctx.reject(fmt::format("not a post or repost: {}", describe(kind, collection, op)));

  std::string_view did = json_str(v, "did"), rkey = json_str(commit, "rkey");
  element record;
  if (did.empty() || rkey.empty()) return ctx.reject("commit without did or rkey");
  if (!json_obj(commit, "record", record)) return ctx.reject("commit without a record");

  auto& rec = ctx.rec;
  rec.clear();
  rec.platform = store::Platform::bluesky;
  rec.post_id = fmt::format("at://{}/{}/{}", did, collection, rkey);
  rec.author.id = did;
  // createdAt is the client's clock and may be absurd; time_us is when the relay saw it.
  if (auto t = parse_time_ms(json_str(record, "createdAt")))
    rec.ts_ms = *t;
  else if (int64_t us = json_int(v, "time_us", -1); us > 0)
    rec.ts_ms = us / 1000;
  else
    return ctx.reject(fmt::format("{}: no readable createdAt or time_us", rec.post_id));

  if (collection == kRepost) {
    element subject;
    std::string_view uri =
        json_obj(record, "subject", subject) ? json_str(subject, "uri") : std::string_view{};
    if (uri.empty()) return ctx.reject(fmt::format("{}: repost without subject uri", rec.post_id));
    rec.kind = store::EventKind::repost;
    rec.parent_post_id = uri;
    rec.parent_author = author_of_uri(uri);
  } else {
    read_post(record, rec);
  }
  ctx.emit();
}

}  // namespace lockstep::ingest
