// Information-operations archive CSV as platforms released it (tweetid, userid, ..., user_mentions).
// Lists are written "[a, b]"; mentions are user ids. tweet_time keeps seconds (the releases round
// to minutes) so that all three formats carry the same data.
#include "synth/writer.h"

namespace lockstep::synth {

namespace {

class IoArchiveFormatter : public Formatter {
 public:
  explicit IoArchiveFormatter(const Population& pop) : pop_(pop) {}
  std::string_view extension() const override { return "csv"; }
  std::string header() const override {
    return "tweetid,userid,user_display_name,user_screen_name,follower_count,account_creation_date,tweet_language,"
           "tweet_text,tweet_time,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,is_retweet,"
           "retweet_userid,retweet_tweetid,hashtags,urls,user_mentions\n";
  }
  void append(const EventView& e, std::string& out) override {
    using store::EventKind;
    const AccountInfo& a = *e.author;
    append_uint(out, e.id);
    out += ',';
    append_uint(out, a.id);
    out += ',';
    append_csv_field(out, a.name);
    out += ',';
    append_csv_field(out, a.handle);
    out += ',';
    append_uint(out, a.followers);
    out += ',';
    append_datetime(out, a.created, false);
    out += ",en,";
    append_csv_field(out, e.body->text);
    out += ',';
    append_datetime(out, e.t);
    out += ',';
    if (e.kind == EventKind::reply) {
      append_uint(out, e.parent_author->id);
      out += ',';
      append_uint(out, e.parent_id);
      out += ',';
    } else {
      out += ",,";
    }
    if (e.kind == EventKind::quote) append_uint(out, e.parent_id);
    out += ',';
    if (e.kind == EventKind::repost) {
      out += "True,";
      append_uint(out, e.parent_author->id);
      out += ',';
      append_uint(out, e.parent_id);
    } else {
      out += "False,,";
    }
    out += ',';
    list_.clear();
    for (const auto& h : e.body->hashtags) add(h);
    field(out);
    list_.clear();
    for (const auto& u : e.body->urls) add(u);
    field(out);
    list_.clear();
    for (uint32_t m : e.body->mentions) {
      id_.clear();
      append_uint(id_, pop_.user_id(m));
      add(id_);
    }
    field(out);
    out.back() = '\n';
  }

 private:
  void add(std::string_view item) {
    list_ += list_.empty() ? "[" : ", ";
    list_ += item;
  }
  void field(std::string& out) {
    if (list_.empty()) list_ += '[';
    list_ += ']';
    append_csv_field(out, list_);
    out += ',';
  }

  const Population& pop_;
  std::string list_, id_;
};

}  // namespace

std::unique_ptr<Formatter> make_io_archive_formatter(const Population& pop) {
  return std::make_unique<IoArchiveFormatter>(pop);
}

}  // namespace lockstep::synth
