// X/Twitter API v1.1 statuses, one per line: user object, entities with indices, retweeted_status
// and quoted_status embedded whole, reply fields, created_at as "Wed Oct 10 20:19:24 +0000 2018".
#include "base/json_writer.h"
#include "synth/writer.h"

namespace lockstep::synth {

namespace {

constexpr std::string_view kSources[] = {
    R"(<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>)",
    R"(<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>)",
    R"(<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>)",
    R"(<a href="https://about.twitter.com/products/tweetdeck" rel="nofollow">TweetDeck</a>)",
    R"(<a href="http://twitter.com/#!/download/ipad" rel="nofollow">Twitter for iPad</a>)",
};

void twitter_time(std::string& out, int64_t t) {
  static constexpr std::string_view kDays[] = {"Thu", "Fri", "Sat", "Sun",
                                               "Mon", "Tue", "Wed"};  // 1970-01-01: Thu
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string iso;  // "YYYY-MM-DD HH:MM:SS"
  append_datetime(iso, t);
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  out += '"';
  out += kDays[static_cast<size_t>(((days % 7) + 7) % 7)];
  out += ' ';
  out += kMonths[static_cast<size_t>((iso[5] - '0') * 10 + (iso[6] - '0') - 1)];
  out += ' ';
  out.append(iso, 8, 2);
  out += ' ';
  out.append(iso, 11, 8);
  out += " +0000 ";
  out.append(iso, 0, 4);
  out += '"';
}

// Code points before byte offset `b`: entity indices count characters, not bytes.
uint32_t chars_before(const std::string& s, uint32_t b) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < b && i < s.size(); ++i)
    n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

class TwitterV1Formatter : public Formatter {
 public:
  explicit TwitterV1Formatter(const Population& pop) : pop_(pop) {}
  std::string_view extension() const override { return "jsonl"; }
  std::string header() const override { return {}; }

  void append(const EventView& e, std::string& out) override {
    using store::EventKind;
    status(
        out, e.id, e.t, *e.author, *e.body,
        [&] {
          if (e.kind == EventKind::reply) {
            out += R"("in_reply_to_status_id":)";
            append_uint(out, e.parent_id);
            out += R"(,"in_reply_to_status_id_str":")";
            append_uint(out, e.parent_id);
            out += R"(","in_reply_to_user_id":)";
            append_uint(out, e.parent_author->id);
            out += R"(,"in_reply_to_user_id_str":")";
            append_uint(out, e.parent_author->id);
            out += R"(","in_reply_to_screen_name":)";
            append_json_string(out, e.parent_author->handle);
            out += ',';
          } else {
            null_reply(out);
          }
        },
        [&] {
          if (e.kind == EventKind::repost) {
            out += R"("retweeted_status":)";
            embedded(out, e);
            out += R"(,"is_quote_status":false,)";
          } else if (e.kind == EventKind::quote) {
            out += R"("is_quote_status":true,"quoted_status_id":)";
            append_uint(out, e.parent_id);
            out += R"(,"quoted_status_id_str":")";
            append_uint(out, e.parent_id);
            out += R"(","quoted_status":)";
            embedded(out, e);
            out += ',';
          } else {
            out += R"("is_quote_status":false,)";
          }
        });
    out += '\n';
  }

 private:
  void null_reply(std::string& out) {
    out +=
        R"("in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"in_reply_to_user_id":null,)"
        R"("in_reply_to_user_id_str":null,"in_reply_to_screen_name":null,)";
  }

  void embedded(std::string& out, const EventView& e) {
    status(
        out, e.parent_id, e.parent_t, *e.parent_author, *e.parent_body, [&] { null_reply(out); },
        [&] { out += R"("is_quote_status":false,)"; });
  }

  template <class ReplyFields, class SharedFields>
  void status(std::string& out, uint64_t id, int64_t t, const AccountInfo& a, const Body& b,
              ReplyFields reply, SharedFields shared) {
    out += R"({"created_at":)";
    twitter_time(out, t);
    out += R"(,"id":)";
    append_uint(out, id);
    out += R"(,"id_str":")";
    append_uint(out, id);
    out += R"(","text":)";
    append_json_string(out, b.text);
    out += R"(,"truncated":false,"entities":)";
    entities(out, b);
    out += R"(,"source":)";
    append_json_string(out, kSources[(a.id >> 7) % std::size(kSources)]);
    out += ',';
    reply();
    out += R"("user":)";
    user(out, a);
    out += R"(,"geo":null,"coordinates":null,"place":null,"contributors":null,)";
    shared();
    out += R"("retweet_count":)";
    append_uint(out, (id >> 9) % 7);
    out += R"(,"favorite_count":)";
    append_uint(out, (id >> 13) % 23);
    out += R"(,"favorited":false,"retweeted":false,)";
    if (!b.urls.empty()) out += R"("possibly_sensitive":false,)";
    out += R"("filter_level":"low","lang":"en"})";
  }

  void entities(std::string& out, const Body& b) {
    out += R"({"hashtags":[)";
    bool first = true;
    for (const Span& s : b.spans) {
      if (s.type != Span::hashtag) continue;
      if (!first) out += ',';
      first = false;
      out += R"({"text":)";
      append_json_string(out, b.hashtags[s.index]);
      indices(out, b, s);
    }
    out += R"(],"symbols":[],"user_mentions":[)";
    first = true;
    for (const Span& s : b.spans) {
      if (s.type != Span::mention) continue;
      if (!first) out += ',';
      first = false;
      const auto& card = pop_.card(b.mentions[s.index]);
      out += R"({"screen_name":)";
      append_json_string(out, card.handle);
      out += R"(,"name":)";
      append_json_string(out, card.name);
      uint64_t uid = card.id;
      out += R"(,"id":)";
      append_uint(out, uid);
      out += R"(,"id_str":")";
      append_uint(out, uid);
      out += '"';
      indices(out, b, s);
    }
    out += R"(],"urls":[)";
    first = true;
    for (const Span& s : b.spans) {
      if (s.type != Span::url) continue;
      if (!first) out += ',';
      first = false;
      const std::string& url = b.urls[s.index];
      out += R"({"url":)";
      append_json_string(out, b.short_urls[s.index]);
      out += R"(,"expanded_url":)";
      append_json_string(out, url);
      // What the client shows: no scheme, cut at 26 characters.
      std::string_view shown = url;
      for (std::string_view scheme : {"https://", "http://"})
        if (shown.starts_with(scheme)) shown.remove_prefix(scheme.size());
      scratch_.assign(shown.substr(0, 26));
      if (shown.size() > 26) scratch_ += "\xE2\x80\xA6";
      out += R"(,"display_url":)";
      append_json_string(out, scratch_);
      indices(out, b, s);
    }
    out += "]}";
  }

  void indices(std::string& out, const Body& b, const Span& s) {
    out += R"(,"indices":[)";
    append_uint(out, chars_before(b.text, s.begin));
    out += ',';
    append_uint(out, chars_before(b.text, s.end));
    out += "]}";
  }

  void user(std::string& out, const AccountInfo& a) {
    out += R"({"id":)";
    append_uint(out, a.id);
    out += R"(,"id_str":")";
    append_uint(out, a.id);
    out += R"(","name":)";
    append_json_string(out, a.name);
    out += R"(,"screen_name":)";
    append_json_string(out, a.handle);
    out += R"(,"location":"","description":"","url":null,"protected":false,"verified":)";
    out += a.followers >= 1000000 ? "true" : "false";
    out += R"(,"followers_count":)";
    append_uint(out, a.followers);
    out += R"(,"friends_count":)";
    append_uint(out, a.friends);
    out += R"(,"listed_count":)";
    append_uint(out, a.followers / 200);
    out += R"(,"favourites_count":)";
    append_uint(out, a.statuses / 3);
    out += R"(,"statuses_count":)";
    append_uint(out, a.statuses);
    out += R"(,"created_at":)";
    twitter_time(out, a.created);
    out += R"(,"default_profile":)";
    bool fresh = a.followers < 20 && (a.id & 1) == 0;
    out += fresh ? "true" : "false";
    out += R"(,"default_profile_image":)";
    out += fresh && (a.id & 2) == 0 ? "true" : "false";
    out += R"(,"lang":null})";
  }

  const Population& pop_;
  std::string scratch_;
};

}  // namespace

std::unique_ptr<Formatter> make_twitter_v1_formatter(const Population& pop) {
  return std::make_unique<TwitterV1Formatter>(pop);
}

}  // namespace lockstep::synth
