// QUT coordination-network-toolkit CSV: message_id,user_id,username,repost_id,reply_id,message,
// timestamp,urls. Mentions and hashtags live only in the message text; timestamps are epoch
// seconds; several links are separated by spaces.
#include "synth/writer.h"

namespace lockstep::synth {

namespace {

class QutFormatter : public Formatter {
 public:
  std::string_view extension() const override { return "csv"; }
  std::string header() const override { return "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"; }
  void append(const EventView& e, std::string& out) override {
    append_uint(out, e.id);
    out += ',';
    append_uint(out, e.author->id);
    out += ',';
    append_csv_field(out, e.author->handle);
    out += ',';
    if (e.kind == store::EventKind::repost) append_uint(out, e.parent_id);
    out += ',';
    if (e.kind == store::EventKind::reply) append_uint(out, e.parent_id);
    out += ',';
    append_csv_field(out, e.body->text);
    out += ',';
    append_uint(out, static_cast<uint64_t>(e.t));
    out += ',';
    urls_.clear();
    for (const auto& u : e.body->urls) {
      if (!urls_.empty()) urls_ += ' ';
      urls_ += u;
    }
    append_csv_field(out, urls_);
    out += '\n';
  }

 private:
  std::string urls_;
};

}  // namespace

std::unique_ptr<Formatter> make_qut_formatter(const Population&) { return std::make_unique<QutFormatter>(); }

}  // namespace lockstep::synth
