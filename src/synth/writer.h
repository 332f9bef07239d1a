// Output formats: one Formatter per format turns a finished event into one record (a CSV row
// or a JSON line) in the shape real exports of that format have.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "synth/model.h"
#include "synth/population.h"
#include "synth/synth.h"

namespace lockstep::synth {

struct AccountInfo {
  uint32_t index = kNoAccount;
  uint64_t id = 0;
  std::string handle, name;
  int64_t created = 0;  // epoch seconds
  uint32_t followers = 0, friends = 0, statuses = 0;
};

struct EventView {
  uint64_t id = 0;
  int64_t t = 0;  // epoch seconds
  store::EventKind kind = store::EventKind::post;
  const AccountInfo* author = nullptr;
  const Body* body = nullptr;  // for a repost: "RT @x: ..." with the original's entities
  // Repost, reply and quote: the post acted on.
  uint64_t parent_id = 0;
  int64_t parent_t = 0;
  const AccountInfo* parent_author = nullptr;
  const Body* parent_body = nullptr;  // repost and quote only
};

class Formatter {
 public:
  virtual ~Formatter() = default;
  virtual std::string_view extension() const = 0;  // "csv", "jsonl"
  virtual std::string header() const = 0;          // written at the top of every file ("" for none)
  virtual void append(const EventView& e, std::string& out) = 0;
  // Whether records carry display names and profile counts (AccountInfo name, friends, statuses).
  virtual bool wants_profile() const { return true; }
};

// Mentioned accounts are looked up in `pop`.
std::unique_ptr<Formatter> make_qut_formatter(const Population& pop);
std::unique_ptr<Formatter> make_twitter_v1_formatter(const Population& pop);
std::unique_ptr<Formatter> make_io_archive_formatter(const Population& pop);
std::unique_ptr<Formatter> make_formatter(OutputFormat f, const Population& pop);

// Shared helpers for the formats.
void append_csv_field(std::string& out, std::string_view s);
void append_uint(std::string& out, uint64_t v);
// "2024-03-04 17:05:09" (UTC)
void append_datetime(std::string& out, int64_t epoch_s, bool with_time = true);

// Writes one CSV record into space reserved up front, so fields cost no capacity checks: the
// formatters' hot path. `max_bytes` must bound the record (quoting at most doubles a field).
class CsvRecord {
 public:
  CsvRecord(std::string& out, size_t max_bytes) : out_(out), at_(out.size()) {
    out_.resize(at_ + max_bytes);
    p_ = out_.data() + at_;
  }
  ~CsvRecord() { out_.resize(static_cast<size_t>(p_ - out_.data())); }
  CsvRecord(const CsvRecord&) = delete;
  CsvRecord& operator=(const CsvRecord&) = delete;

  void raw(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void put(char c) { *p_++ = c; }
  void number(uint64_t v);
  void field(std::string_view s);  // quoted when it holds a comma, quote or line break

 private:
  std::string& out_;
  size_t at_;
  char* p_;
};

}  // namespace lockstep::synth
