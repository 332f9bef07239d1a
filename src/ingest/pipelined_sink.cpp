#include "ingest/pipelined_sink.h"

namespace lockstep::ingest {

PipelinedSink::PipelinedSink(RecordSink& inner) : inner_(inner), worker_([this] { run(); }) {}

PipelinedSink::~PipelinedSink() {
  try {
    finish();
  } catch (...) {  // NOLINT(bugprone-empty-catch): reported by finish() when the caller asks
  }
}

PipelinedSink::Op& PipelinedSink::next(Kind kind, uint64_t line) {
  if (current_.size == kBatch) hand_over();
  if (current_.ops.size() == current_.size) current_.ops.emplace_back();
  Op& op = current_.ops[current_.size++];
  op.kind = kind;
  op.line = line;
  return op;
}

void PipelinedSink::accept(const store::PostRecord& r, uint64_t line) {
  next(Kind::accept, line).record = r;
}

void PipelinedSink::accept_owned(store::PostRecord& r, uint64_t line) {
  using std::swap;
  swap(next(Kind::accept, line).record, r);  // r gets a spent record's capacity back
}

void PipelinedSink::reject(uint64_t line, std::string_view reason, std::string_view raw) {
  Op& op = next(Kind::reject, line);
  op.what = reason;
  op.raw = raw;
}

void PipelinedSink::repaired(uint64_t line, std::string_view what, std::string_view raw) {
  Op& op = next(Kind::repaired, line);
  op.what = what;
  op.raw = raw;
}

void PipelinedSink::note(std::string_view message) {
  next(Kind::note, 0).what = message;
}

void PipelinedSink::hand_over() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return queued_.size() < kInFlight || error_; });
  if (error_) {
    lock.unlock();
    rethrow_if_failed();
  }
  queued_.push_back(std::move(current_));
  if (free_.empty()) {
    current_ = Batch{};
  } else {
    current_ = std::move(free_.front());
    free_.pop_front();
  }
  current_.size = 0;
  cv_.notify_all();
}

void PipelinedSink::run() {
  for (;;) {
    Batch batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !queued_.empty() || closing_; });
      if (queued_.empty()) return;  // closing, all built
      batch = std::move(queued_.front());
      queued_.pop_front();
      cv_.notify_all();
    }
    try {
      for (size_t i = 0; i < batch.size; ++i) {
        const Op& op = batch.ops[i];
        switch (op.kind) {
          case Kind::accept:
            inner_.accept(op.record, op.line);
            break;
          case Kind::reject:
            inner_.reject(op.line, op.what, op.raw);
            break;
          case Kind::repaired:
            inner_.repaired(op.line, op.what, op.raw);
            break;
          case Kind::note:
            inner_.note(op.what);
            break;
        }
      }
    } catch (...) {
      std::lock_guard lock(mu_);
      error_ = std::current_exception();
      queued_.clear();  // nothing after the error is built, as in a one-thread run
      cv_.notify_all();
      return;
    }
    std::lock_guard lock(mu_);
    free_.push_back(std::move(batch));
  }
}

void PipelinedSink::finish() {
  if (!worker_.joinable()) return rethrow_if_failed();
  {
    std::unique_lock lock(mu_);
    if (!error_ && current_.size > 0) {
      queued_.push_back(std::move(current_));
      current_ = Batch{};
    }
    closing_ = true;
    cv_.notify_all();
  }
  worker_.join();
  rethrow_if_failed();
}

void PipelinedSink::rethrow_if_failed() {
  std::exception_ptr e;
  {
    std::lock_guard lock(mu_);
    e = error_;  // kept: every later hand-over fails the same way, nothing piles up
  }
  if (e) std::rethrow_exception(e);
}

}  // namespace lockstep::ingest
