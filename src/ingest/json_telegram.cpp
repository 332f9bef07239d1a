// Telegram Desktop JSON export (result.json): one chat {"name", "type", "id", "messages": [...]}
// or a whole account {"chats": {"list": [chat, ...]}, "left_chats": {...}}. The whole document is
// one value, so rejects name the message ("message <chat>/<id>") rather than a line.
//
// The export has no id for a forwarded message's original, nor for its source account unless it
// is recent enough to write forwarded_from_id. Forwards therefore get a derived parent id, a hash
// of the source name and the forwarded text, so that forwards of one original meet.
#include <fmt/format.h>

#include <string>
#include <unordered_map>

#include "base/hash.h"
#include "base/time_parse.h"
#include "ingest/json_convert.h"

namespace lockstep::ingest {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;

struct Chat {
  std::string id;
  std::string_view name;
  std::string_view type;
  std::unordered_map<std::string, element> by_id;  // messages, to find a reply's parent author
};

// "text" is a string, or an array of strings and {"type", "text", "href"} pieces.
std::string message_text(element m) {
  std::string_view s;
  if (!m["text"].get(s)) return std::string(s);
  std::string out;
  array parts;
  if (!json_arr(m, "text", parts)) return out;
  for (element p : parts) {
    if (!p.get(s))
      out += s;
    else
      out += json_str(p, "text");
  }
  return out;
}

void read_entity(element e, store::PostRecord& rec) {
  std::string_view type = json_str(e, "type"), text = json_str(e, "text");
  if (type == "link") {
    if (!text.empty()) rec.urls.emplace_back(text);
  } else if (type == "text_link") {
    if (auto href = json_str(e, "href"); !href.empty()) rec.urls.emplace_back(href);
  } else if (type == "hashtag") {
    if (!text.empty()) rec.hashtags.emplace_back(text);
  } else if (type == "mention") {
    store::AccountRef ref;
    ref.handle = text.starts_with('@') ? text.substr(1) : text;
    if (!ref.empty()) rec.mentions.push_back(std::move(ref));
  } else if (type == "mention_name") {  // a user without a username, by id and display name
    store::AccountRef ref;
    if (auto uid = json_id(e, "user_id"); !uid.empty()) ref.id = "user" + uid;
    ref.handle = ref.name = text;
    if (!ref.empty()) rec.mentions.push_back(std::move(ref));
  }
}

// text_entities when the export has them; older exports only have the pieces of "text".
void read_entities(element m, store::PostRecord& rec) {
  array arr;
  if (!json_arr(m, "text_entities", arr) && !json_arr(m, "text", arr)) return;
  for (element e : arr)
    if (e.is_object()) read_entity(e, rec);
}

// Authors are "from" (a display name: the only name the export has) and "from_id" ("user123",
// "channel456"). Old channel exports have neither: the channel itself is the author.
void read_author(element m, const Chat& chat, store::AccountRef& a) {
  a.id = json_id(m, "from_id");
  a.handle = a.name = json_str(m, "from");
  if (!a.empty()) return;
  a.id = fmt::format(
      "{}{}", chat.type.find("channel") != std::string_view::npos ? "channel" : "chat", chat.id);
  a.handle = a.name = chat.name;
}

// A forward's parent: the source's original, identified by source and content (see the top).
void set_forward(element m, store::PostRecord& rec) {
  std::string_view source = json_str(m, "forwarded_from");
  rec.kind = store::EventKind::repost;
  rec.parent_author.id = json_id(m, "forwarded_from_id");
  rec.parent_author.handle = rec.parent_author.name = source;
  // Photos without text still differ: their size in bytes and pixels tells them apart.
  std::string key = fmt::format("{}\n{}\n{}x{}:{}", source, rec.text, json_int(m, "width", 0),
                                json_int(m, "height", 0),
                                json_int(m, "photo_file_size", json_int(m, "file_size", 0)));
  rec.parent_post_id = fmt::format("fwd:{:016x}", hash_bytes(key));
}

class TelegramReader {
 public:
  explicit TelegramReader(JsonContext& ctx) : ctx_(ctx) {}

  void read(element root) {
    if (!root.is_object()) return ctx_.reject("expected a Telegram Desktop export (a JSON object)");
    bool any = false;
    if (json_has(root, "messages")) {
      any = true;
      read_chat(root);
    }
    for (std::string_view key : {"chats", "left_chats"}) {
      element chats;
      array list;
      if (!json_obj(root, key, chats) || !json_arr(chats, "list", list)) continue;
      any = true;
      for (element chat : list) read_chat(chat);
    }
    if (!any)
      return ctx_.reject("not a Telegram export: no \"messages\" and no \"chats\": {\"list\"}");
    if (local_dates_ > 0)
      ctx_.sink.note(fmt::format(
          "{} Telegram message(s) had only a local \"date\" without a zone (no date_unixtime): "
          "read as UTC",
          local_dates_));
  }

 private:
  void read_chat(element c) {
    array messages;
    if (!json_arr(c, "messages", messages)) return;  // listed but not exported
    Chat chat;
    chat.id = json_id(c, "id");
    chat.name = json_str(c, "name");
    chat.type = json_str(c, "type");
    if (chat.id.empty()) chat.id = chat.name.empty() ? "chat" : std::string(chat.name);
    for (element m : messages)
      if (auto id = json_id(m, "id"); !id.empty()) chat.by_id.emplace(std::move(id), m);
    for (element m : messages) read_message(m, chat);
  }

  bool read_time(element m, store::PostRecord& rec) {
    if (auto t = parse_time_ms(json_str(m, "date_unixtime"))) {
      rec.ts_ms = *t;
    } else if (auto d = parse_time_ms(json_str(m, "date"))) {
      rec.ts_ms = *d;
      ++local_dates_;
    }
    return rec.ts_ms != store::kUnknownTime;
  }

  void set_reply(const Chat& chat, std::string reply_to, store::PostRecord& rec) {
    rec.kind = store::EventKind::reply;
    if (auto it = chat.by_id.find(reply_to); it != chat.by_id.end())
      read_author(it->second, chat, rec.parent_author);
    rec.parent_post_id = fmt::format("{}/{}", chat.id, reply_to);
  }

  void read_message(element m, const Chat& chat) {
    std::string id = json_id(m, "id");
    std::string ref = fmt::format("{}/{}", chat.id, id.empty() ? "?" : id);
    std::string_view type = json_str(m, "type");
    auto reject = [&](std::string_view reason) {
      reject_item(ctx_, m, fmt::format("{} (message {})", reason, ref));
    };
    if (type == "service") return reject("service message, not a post");
    if (!m.is_object() || id.empty()) return reject("message without an id");
    if (!type.empty() && type != "message")
      return reject(fmt::format("unknown message type '{}'", type.substr(0, 40)));

    auto& rec = ctx_.rec;
    rec.clear();
    rec.platform = store::Platform::telegram;
    rec.post_id = ref;
    if (!read_time(m, rec)) return reject("no readable date_unixtime or date");
    read_author(m, chat, rec.author);
    rec.text = message_text(m);
    read_entities(m, rec);
    if (json_has(m, "forwarded_from") || json_has(m, "forwarded_from_id"))
      set_forward(m, rec);
    else if (auto reply_to = json_id(m, "reply_to_message_id"); !reply_to.empty())
      set_reply(chat, reply_to, rec);
    ctx_.emit();
  }

  JsonContext& ctx_;
  uint64_t local_dates_ = 0;
};

}  // namespace

void convert_telegram(element root, JsonContext& ctx) {
  TelegramReader(ctx).read(root);
}

}  // namespace lockstep::ingest
