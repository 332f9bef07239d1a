// Information-operations archive CSV as platforms released it (tweetid, userid, ...,
// user_mentions). Lists are written "[a, b]"; mentions are user ids. tweet_time keeps seconds (the
// releases round to minutes) so that all three formats carry the same data.
#include "synth/writer.h"

namespace lockstep::synth {

namespace {

class IoArchiveFormatter : public Formatter {
 public:
  explicit IoArchiveFormatter(const Population& pop) : pop_(pop) {}
  std::string_view extension() const override { return "csv"; }
  std::string header() const override {
    return "tweetid,userid,user_display_name,user_screen_name,follower_count,account_creation_date,"
           "tweet_language,"
           "tweet_text,tweet_time,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,is_"
           "retweet,"
           "retweet_userid,retweet_tweetid,hashtags,urls,user_mentions\n";
  }
  void append(const EventView& e, std::string& out) override {
    using store::EventKind;
    const AccountInfo& a = *e.author;
    const Body& b = *e.body;
    size_t bound =
        2 * (a.name.size() + a.handle.size() + b.text.size()) + 48 * b.mentions.size() + 400;
    for (const auto& h : b.hashtags) bound += 2 * h.size() + 4;
    for (const auto& u : b.urls) bound += 2 * u.size() + 4;
    CsvRecord r(out, bound);
    r.number(e.id);
    r.put(',');
    r.number(a.id);
    r.put(',');
    r.field(a.name);
    r.put(',');
    r.field(a.handle);
    r.put(',');
    r.number(a.followers);
    r.put(',');
    date_.clear();
    append_datetime(date_, a.created, false);
    r.raw(date_);
    r.raw(",en,");
    r.field(b.text);
    r.put(',');
    date_.clear();
    append_datetime(date_, e.t);
    r.raw(date_);
    r.put(',');
    if (e.kind == EventKind::reply) {
      r.number(e.parent_author->id);
      r.put(',');
      r.number(e.parent_id);
    } else {
      r.put(',');
    }
    r.put(',');
    if (e.kind == EventKind::quote) r.number(e.parent_id);
    r.put(',');
    if (e.kind == EventKind::repost) {
      r.raw("True,");
      r.number(e.parent_author->id);
      r.put(',');
      r.number(e.parent_id);
    } else {
      r.raw("False,,");
    }
    r.put(',');
    list_.clear();
    for (const auto& h : b.hashtags) add(h);
    field(r);
    r.put(',');
    list_.clear();
    for (const auto& u : b.urls) add(u);
    field(r);
    r.put(',');
    list_.clear();
    for (uint32_t m : b.mentions) {
      id_.clear();
      append_uint(id_, pop_.card(m).id);
      add(id_);
    }
    field(r);
    r.put('\n');
  }

 private:
  void add(std::string_view item) {
    list_ += list_.empty() ? "[" : ", ";
    list_ += item;
  }
  void field(CsvRecord& r) {
    if (list_.empty()) list_ += '[';
    list_ += ']';
    r.field(list_);
  }

  const Population& pop_;
  std::string list_, id_, date_;
};

}  // namespace

std::unique_ptr<Formatter> make_io_archive_formatter(const Population& pop) {
  return std::make_unique<IoArchiveFormatter>(pop);
}

}  // namespace lockstep::synth
