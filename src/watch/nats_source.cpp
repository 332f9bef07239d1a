// A NATS JetStream subject as a stream: a durable pull consumer with AckPolicy All. On start the
// consumer is (re)created to deliver from just after the checkpointed stream sequence, so a
// restart neither skips nor repeats a message; after each checkpoint the last message is acked,
// which acks everything before it and tells the server (and operators) how far the watch got.
// A message holds one or more lines of any streamable format.
#include "watch/nats_source.h"

#include <fmt/format.h>
#include <nats/nats.h>

#include <chrono>
#include <memory>

#include "base/error.h"
#include "watch/watcher.h"

namespace lockstep::watch {

namespace {

void check(natsStatus s, std::string_view what) {
  if (s != NATS_OK)
    throw IoError(fmt::format("NATS: {}: {} ({})", what, natsStatus_GetText(s),
                              nats_GetLastError(nullptr) ? nats_GetLastError(nullptr) : ""));
}

struct NatsDeleter {
  void operator()(natsConnection* c) const { natsConnection_Destroy(c); }
  void operator()(jsCtx* j) const { jsCtx_Destroy(j); }
  void operator()(natsSubscription* s) const { natsSubscription_Destroy(s); }
  void operator()(natsMsg* m) const { natsMsg_Destroy(m); }
  void operator()(jsMsgMetaData* m) const { jsMsgMetaData_Destroy(m); }
};
template <class T>
using NatsPtr = std::unique_ptr<T, NatsDeleter>;

}  // namespace

WatchReport run_nats(const WatchOptions& o) {
  if (o.nats.stream.empty() || o.nats.subject.empty())
    throw UsageError("--nats needs --stream NAME and --subject SUBJECT");
  Watcher w(o);
  Position pos;
  if (auto r = w.resume_position()) pos = *r;

  natsConnection* raw_conn = nullptr;
  check(natsConnection_ConnectTo(&raw_conn, o.nats.url.c_str()),
        fmt::format("cannot connect to {}", o.nats.url));
  NatsPtr<natsConnection> conn(raw_conn);
  jsCtx* raw_js = nullptr;
  check(natsConnection_JetStream(&raw_js, conn.get(), nullptr), "no JetStream context");
  NatsPtr<jsCtx> js(raw_js);

  // The consumer starts right after the checkpoint: recreate it so that its start position is
  // ours, not whatever an earlier run left acked.
  jsErrCode jerr = static_cast<jsErrCode>(0);
  js_DeleteConsumer(js.get(), o.nats.stream.c_str(), o.nats.durable.c_str(), nullptr, &jerr);
  jsConsumerConfig cc;
  jsConsumerConfig_Init(&cc);
  cc.Durable = o.nats.durable.c_str();
  cc.FilterSubject = o.nats.subject.c_str();
  cc.AckPolicy = js_AckAll;
  cc.AckWait = int64_t{60} * 1'000'000'000;
  cc.MaxAckPending = 1 << 22;  // acks come only with checkpoints: never stall delivery before
  if (pos.offset > 0) {
    cc.DeliverPolicy = js_DeliverByStartSequence;
    cc.OptStartSeq = pos.offset + 1;
  } else {
    cc.DeliverPolicy = js_DeliverAll;
  }
  jsConsumerInfo* ci = nullptr;
  check(js_AddConsumer(&ci, js.get(), o.nats.stream.c_str(), &cc, nullptr, &jerr),
        fmt::format("cannot create consumer {} on stream {} (does the stream exist?)",
                    o.nats.durable, o.nats.stream));
  jsConsumerInfo_Destroy(ci);
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = o.nats.stream.c_str();
  so.Consumer = o.nats.durable.c_str();
  natsSubscription* raw_sub = nullptr;
  check(js_PullSubscribe(&raw_sub, js.get(), o.nats.subject.c_str(), o.nats.durable.c_str(),
                         nullptr, &so, &jerr),
        fmt::format("cannot subscribe to {}", o.nats.subject));
  NatsPtr<natsSubscription> sub(raw_sub);

  NatsPtr<natsMsg> unacked;  // the last message processed, acked after the next checkpoint
  auto checkpoint = [&] {
    w.checkpoint(pos);
    if (unacked) {
      natsMsg_Ack(unacked.get(), nullptr);
      unacked.reset();
    }
  };
  auto idle_since = std::chrono::steady_clock::now();
  for (;;) {
    natsMsgList list{nullptr, 0};
    natsStatus s = natsSubscription_Fetch(&list, sub.get(), 256, 500, &jerr);
    if (s == NATS_TIMEOUT || (s == NATS_OK && list.Count == 0)) {
      natsMsgList_Destroy(&list);
      if (w.checkpoint_due()) checkpoint();
      if (o.idle_exit_s > 0 &&
          std::chrono::duration<double>(std::chrono::steady_clock::now() - idle_since).count() >=
              o.idle_exit_s)
        break;
      continue;
    }
    if (s != NATS_OK) {
      natsMsgList_Destroy(&list);
      check(s, "fetch failed");
    }
    idle_since = std::chrono::steady_clock::now();
    for (int i = 0; i < list.Count; ++i) {
      NatsPtr<natsMsg> msg(list.Msgs[i]);
      list.Msgs[i] = nullptr;
      jsMsgMetaData* raw_meta = nullptr;
      check(natsMsg_GetMetaData(&raw_meta, msg.get()), "message without JetStream metadata");
      NatsPtr<jsMsgMetaData> meta(raw_meta);
      const uint64_t seq = meta->Sequence.Stream;
      if (seq <= pos.offset) continue;  // delivered again: already counted
      std::string_view data(natsMsg_GetData(msg.get()),
                            static_cast<size_t>(natsMsg_GetDataLength(msg.get())));
      // Every line of the message; a message is whole, so its last line needs no newline.
      size_t start = 0;
      while (start < data.size()) {
        size_t nl = data.find('\n', start);
        if (nl == std::string::npos) nl = data.size();
        std::string_view line = data.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++pos.line;
        w.line(line, pos);
        start = nl + 1;
      }
      pos.offset = seq;
      unacked = std::move(msg);
      if (w.checkpoint_due()) checkpoint();
    }
    natsMsgList_Destroy(&list);
  }
  w.finish(pos);
  if (unacked) natsMsg_Ack(unacked.get(), nullptr);
  return w.report();
}

}  // namespace lockstep::watch
