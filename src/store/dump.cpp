#include "store/dump.h"

#include <fmt/format.h>

#include "base/json_writer.h"
#include "base/time_parse.h"

namespace lockstep::store {

namespace {

void append_account(std::string& out, const EventTable& t, uint32_t a) {
  out += t.account_ids[a];
  if (auto h = t.account_handles[a]; !h.empty() && h != t.account_ids[a]) {
    out += "(@";
    out += h;
    out += ')';
  }
}

void append_list(std::string& out, const char* name, std::span<const uint32_t> ids,
                 const StringColumn& pool) {
  if (ids.empty()) return;
  out += fmt::format(" {}=[", name);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ' ';
    out += pool[ids[i]];
  }
  out += ']';
}

}  // namespace

std::string dump_event(const EventTable& t, size_t e) {
  char when[32];
  format_iso8601_ms(t.ts_ms[e], when);
  std::string out =
      fmt::format("{} {} post={} account=", when, to_string(t.kind_of(e)), t.post_ids[t.post[e]]);
  append_account(out, t, t.account[e]);
  if (t.parent_post[e] != kNone) out += fmt::format(" parent={}", t.post_ids[t.parent_post[e]]);
  if (t.parent_account[e] != kNone) {
    out += " parent_account=";
    append_account(out, t, t.parent_account[e]);
  }
  append_list(out, "urls", t.urls_of(e), t.urls);
  append_list(out, "tags", t.hashtags_of(e), t.hashtags);
  if (auto m = t.mentions_of(e); !m.empty()) {
    out += " mentions=[";
    for (size_t i = 0; i < m.size(); ++i) {
      if (i) out += ' ';
      append_account(out, t, m[i]);
    }
    out += ']';
  }
  append_list(out, "media", t.media_of(e), t.media);
  if (t.lang[e] != 0) out += fmt::format(" lang={}", t.langs[t.lang[e]]);
  if (t.text[e] != kNone) {
    out += " text=";
    append_json_string(out, t.texts[t.text[e]]);
  }
  return out;
}

}  // namespace lockstep::store
