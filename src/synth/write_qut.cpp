// QUT coordination-network-toolkit CSV: message_id,user_id,username,repost_id,reply_id,message,
// timestamp,urls. Mentions and hashtags live only in the message text; timestamps are epoch
// seconds; several links are separated by spaces.
#include "synth/writer.h"

namespace lockstep::synth {

namespace {

class QutFormatter : public Formatter {
 public:
  std::string_view extension() const override { return "csv"; }
  bool wants_profile() const override { return false; }
  std::string header() const override {
    return "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n";
  }
  void append(const EventView& e, std::string& out) override {
    const Body& b = *e.body;
    size_t bound = 2 * (b.text.size() + e.author->handle.size()) + 128;
    for (const auto& u : b.urls) bound += 2 * u.size() + 2;
    CsvRecord r(out, bound);
    r.number(e.id);
    r.put(',');
    r.number(e.author->id);
    r.put(',');
    r.field(e.author->handle);
    r.put(',');
    if (e.kind == store::EventKind::repost) r.number(e.parent_id);
    r.put(',');
    if (e.kind == store::EventKind::reply) r.number(e.parent_id);
    r.put(',');
    r.field(b.text);
    r.put(',');
    r.number(static_cast<uint64_t>(e.t));
    r.put(',');
    if (b.urls.size() == 1) {
      r.field(b.urls[0]);
    } else if (!b.urls.empty()) {
      urls_.clear();
      for (const auto& u : b.urls) {
        if (!urls_.empty()) urls_ += ' ';
        urls_ += u;
      }
      r.field(urls_);
    }
    r.put('\n');
  }

 private:
  std::string urls_;
};

}  // namespace

std::unique_ptr<Formatter> make_qut_formatter(const Population&) {
  return std::make_unique<QutFormatter>();
}

}  // namespace lockstep::synth
