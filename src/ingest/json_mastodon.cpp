// Mastodon REST status entities (one per line, or a JSON array that read_json splits). A boost
// ("reblog") yields the boosted status and then the boost; a Mastodon 4.4 quote (or a Fedibird or
// Pleroma style one) yields the quoted status and then the quote.
//
// Ids are the serving instance's local ids, as in_reply_to_id and reblog.id are: a dataset mixing
// statuses fetched from several instances sees the same status under different ids.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "base/time_parse.h"
#include "ingest/json_convert.h"

namespace lockstep::ingest {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;

constexpr int kMaxDepth = 3;  // a boost of a quote of a quote...; hostile input nests forever

// --- HTML content to plain text --------------------------------------------------------------

void append_utf8(uint32_t cp, std::string& out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the entity at s[0] == '&' into `out`; returns how many bytes it took (0: not one).
size_t decode_entity(std::string_view s, std::string& out) {
  size_t semi = s.substr(0, 12).find(';');  // bounded: a stray '&' must not scan the whole text
  if (semi == std::string_view::npos || semi < 2) return 0;
  std::string_view name = s.substr(1, semi - 1);
  if (name.front() == '#') {
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    uint32_t cp = 0;
    for (char c : digits) {
      int d = c >= '0' && c <= '9'          ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (d < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      if (cp > 0x10FFFF) cp = 0x110000;  // stays out of range, no overflow
    }
    append_utf8(cp, out);
    return semi + 1;
  }
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  for (const auto& [n, text] : kNamed)
    if (name == n) {
      out += text;
      return semi + 1;
    }
  return 0;
}

std::string decode_entities(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t used = s[i] == '&' ? decode_entity(s.substr(i), out) : 0;
    if (used == 0)
      out += s[i++];
    else
      i += used;
  }
  return out;
}

// The value of attribute `name` in the inside of a tag ("a href=\"...\" class=\"...\"").
std::string_view attribute(std::string_view tag, std::string_view name) {
  for (size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    bool starts_word = at > 0 && (tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n');
    size_t eq = at + name.size();
    if (!starts_word || eq + 1 >= tag.size() || tag[eq] != '=') continue;
    char quote = tag[eq + 1];
    if (quote != '"' && quote != '\'') continue;
    size_t end = tag.find(quote, eq + 2);
    if (end == std::string_view::npos) return {};
    return tag.substr(eq + 2, end - eq - 2);
  }
  return {};
}

std::string_view tag_name(std::string_view tag) {
  size_t end = tag.find_first_of(" \t\n/");
  if (end == 0 && tag.starts_with('/')) end = tag.find_first_of(" \t\n", 1);
  return tag.substr(0, end);
}

// Handles one tag: line breaks for <br> and paragraphs, links for <a> that are not mentions or
// hashtags (Mastodon marks those with class "mention" / "hashtag").
void on_tag(std::string_view tag, std::string& text, std::vector<std::string>& links) {
  std::string name(tag_name(tag));
  for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (name == "br") {
    text += '\n';
  } else if (name == "p") {
    if (!text.empty() && !text.ends_with("\n\n")) text += text.ends_with('\n') ? "\n" : "\n\n";
  } else if (name == "a") {
    std::string_view cls = attribute(tag, "class");
    std::string_view href = attribute(tag, "href");
    if (!href.empty() && cls.find("mention") == std::string_view::npos &&
        cls.find("hashtag") == std::string_view::npos)
      links.push_back(decode_entities(href));
  }
}

void html_to_text(std::string_view html, std::string& text, std::vector<std::string>& links) {
  for (size_t i = 0; i < html.size();) {
    char c = html[i];
    if (c == '<') {
      size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;  // a cut-off tag: drop it
      std::string_view tag = html.substr(i + 1, close - i - 1);
      i = close + 1;
      // The "RE: <link>" paragraph of a quote is a fallback for old clients, not the post's text.
      if (tag.starts_with("p ") &&
          attribute(tag, "class").find("quote-inline") != std::string_view::npos) {
        size_t end = html.find("</p>", i);
        i = end == std::string_view::npos ? html.size() : end + 4;
        continue;
      }
      on_tag(tag, text, links);
    } else if (c == '&') {
      size_t used = decode_entity(html.substr(i), text);
      if (used == 0) text += c;
      i += used == 0 ? 1 : used;
    } else {
      text += c;
      ++i;
    }
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
}

// --- statuses ----------------------------------------------------------------------------------

void read_account(element a, store::AccountRef& ref) {
  ref.id = json_id(a, "id");
  ref.handle = json_str(a, "acct");
  if (ref.handle.empty()) ref.handle = json_str(a, "username");
  ref.name = json_str(a, "display_name");
  if (auto c = parse_time_ms(json_str(a, "created_at"))) ref.created_ms = *c;
  ref.followers = json_int(a, "followers_count", -1);
}

// The quoted status: Mastodon 4.4 {"quote": {"state", "quoted_status": {...}}} or its shallow
// form {"quoted_status_id"}; Fedibird puts the status itself in "quote", Pleroma a "quote_id".
struct Quote {
  std::string id;
  element status;
  bool have_status = false;
};

bool find_quote(element s, Quote& q) {
  element quote;
  if (json_obj(s, "quote", quote)) {
    element inner = quote;  // Fedibird: the status itself
    if (json_obj(quote, "quoted_status", inner) || json_has(quote, "account")) {
      q.id = json_id(inner, "id");
      q.status = inner;
      q.have_status = !q.id.empty();
    } else {
      q.id = json_id(quote, "quoted_status_id");
    }
  }
  if (q.id.empty()) q.id = json_id(s, "quote_id");
  return !q.id.empty();
}

void read_content(element s, store::PostRecord& rec) {
  std::string body;
  html_to_text(json_str(s, "content"), body, rec.urls);
  std::string_view spoiler = json_str(s, "spoiler_text");
  rec.text = spoiler.empty() ? std::move(body) : fmt::format("{}\n\n{}", spoiler, body);
  element card;
  if (json_obj(s, "card", card))
    if (auto u = json_str(card, "url"); !u.empty()) rec.urls.emplace_back(u);
  array arr;
  if (json_arr(s, "tags", arr))
    for (element t : arr)
      if (auto n = json_str(t, "name"); !n.empty()) rec.hashtags.emplace_back(n);
  if (json_arr(s, "mentions", arr))
    for (element m : arr) {
      store::AccountRef ref;
      ref.id = json_id(m, "id");
      ref.handle = json_str(m, "acct");
      if (ref.handle.empty()) ref.handle = json_str(m, "username");
      if (!ref.empty()) rec.mentions.push_back(std::move(ref));
    }
  // The blurhash first: the same picture uploaded twice gets two ids and URLs but one blurhash.
  if (json_arr(s, "media_attachments", arr))
    for (element m : arr) {
      std::string key(json_str(m, "blurhash"));
      if (key.empty()) key = json_str(m, "url");
      if (key.empty()) key = json_id(m, "id");
      if (!key.empty()) rec.media.push_back(std::move(key));
    }
}

void set_reply(element s, store::PostRecord& rec, std::string reply_to) {
  rec.kind = store::EventKind::reply;
  rec.parent_post_id = std::move(reply_to);
  rec.parent_author.id = json_id(s, "in_reply_to_account_id");
  for (const auto& m : rec.mentions)  // the replied-to account is usually mentioned: its handle
    if (!m.id.empty() && m.id == rec.parent_author.id) rec.parent_author.handle = m.handle;
}

// Emits `s`, after the status it boosts or quotes.
bool emit_status(element s, JsonContext& ctx, int depth) {
  if (depth > kMaxDepth) {
    reject_item(ctx, s,
                "status nested more than 3 boosts/quotes deep; the inner ones are not read");
    return false;
  }
  auto fail = [&](std::string_view reason) {
    if (depth == 0)
      ctx.reject(reason);
    else
      reject_item(ctx, s, reason);
    return false;
  };
  std::string id = json_id(s, "id");
  element account;
  if (id.empty() || !json_obj(s, "account", account))
    return fail("not a Mastodon status: no id or no account object");
  element boosted;
  bool is_boost = json_obj(s, "reblog", boosted);
  Quote quote;
  bool is_quote = !is_boost && find_quote(s, quote);
  if (is_boost) emit_status(boosted, ctx, depth + 1);
  if (is_quote && quote.have_status) emit_status(quote.status, ctx, depth + 1);

  auto& rec = ctx.rec;
  rec.clear();
  rec.platform = store::Platform::mastodon;
  rec.post_id = id;
  read_account(account, rec.author);
  std::string_view created = json_str(s, "created_at");
  auto ts = parse_time_ms(created);
  if (!ts) return fail(fmt::format("status {}: unreadable created_at '{}'", id, created));
  rec.ts_ms = *ts;
  rec.lang = json_str(s, "language");
  element parent_account;
  if (is_boost) {  // a boost carries no content of its own
    rec.kind = store::EventKind::repost;
    rec.parent_post_id = json_id(boosted, "id");
    if (json_obj(boosted, "account", parent_account))
      read_account(parent_account, rec.parent_author);
  } else {
    read_content(s, rec);
    if (std::string reply_to = json_id(s, "in_reply_to_id"); !reply_to.empty()) {
      set_reply(s, rec, std::move(reply_to));
    } else if (is_quote) {
      rec.kind = store::EventKind::quote;
      rec.parent_post_id = quote.id;
      if (quote.have_status && json_obj(quote.status, "account", parent_account))
        read_account(parent_account, rec.parent_author);
    }
  }
  ctx.emit();
  return true;
}

}  // namespace

void convert_mastodon(element value, JsonContext& ctx) {
  if (!value.is_object()) return ctx.reject("expected a JSON object (a Mastodon status)");
  emit_status(value, ctx, 0);
}

}  // namespace lockstep::ingest
