#include <fmt/format.h>

#include <charconv>
#include <memory>
#include <optional>

#include "base/time_parse.h"
#include "ingest/csv_layout.h"
#include "ingest/readers.h"
#include "text/text.h"

namespace lockstep::ingest {

namespace {

constexpr size_t kMaxRecordBytes = size_t{16} << 20;  // a quoted field may span lines, up to this

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whether a record that ended inside a quoted field is still inside one after the line `more`
// is appended. The same rules as split_csv_record ("" escapes a quote, text after a closing quote
// runs to the delimiter, a quote opens a field only at its start), but only the new line is read.
bool still_quoted(std::string_view more, char delim) {
  size_t i = 0;
  bool quoted = true;
  for (;;) {
    if (quoted) {
      size_t q = more.find('"', i);
      if (q == std::string_view::npos) return true;
      if (q + 1 < more.size() && more[q + 1] == '"') {
        i = q + 2;
        continue;
      }
      i = q + 1;
    }
    size_t d = more.find(delim, i);  // the rest of this field, quoted or not
    if (d == std::string_view::npos) return false;
    i = d + 1;
    quoted = i < more.size() && more[i] == '"';
    if (quoted) ++i;
  }
}

class RowConverter {
 public:
  explicit RowConverter(const CsvLayout& layout) : l_(layout) {}

  // Fills `rec` from one row of fields; returns an error message, or "" when the row is good.
  std::string convert(const std::vector<std::string>& fields, store::PostRecord& rec) {
    rec.clear();
    fields_ = &fields;
    rec.platform = l_.platform;
    rec.post_id = get(Field::post);
    rec.author.id = get(Field::account);
    rec.author.handle = strip_at(get(Field::handle));
    rec.author.name = get(Field::name);
    if (auto c = get(Field::created); !c.empty()) {
      auto t = parse_time_ms(c);
      if (!t) return fmt::format("column '{}': unreadable date '{}'", column(Field::created), c);
      rec.author.created_ms = *t;
    }
    if (auto f = get(Field::followers); !f.empty()) {
      int64_t v = -1;
      auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
      if (ec == std::errc() && p == f.data() + f.size() && v >= 0) rec.author.followers = v;
    }
    if (rec.author.empty()) return fmt::format("no account in column '{}'", column(Field::account));
    auto ts = get(Field::time);
    auto t = parse_time_ms(ts);
    if (!t) return fmt::format("column '{}': unreadable time '{}'", column(Field::time), ts);
    rec.ts_ms = *t;
    rec.text = get(Field::text);
    rec.lang = get(Field::lang);
    if (auto p = get(Field::reply_to); !p.empty()) {
      rec.kind = store::EventKind::reply;
      rec.parent_post_id = p;
      rec.parent_author.id = get(Field::reply_to_account);
    } else if (auto q = get(Field::quote_of); !q.empty()) {
      rec.kind = store::EventKind::quote;
      rec.parent_post_id = q;
    } else if (auto r = get(Field::repost_of); !r.empty()) {
      rec.kind = store::EventKind::repost;
      rec.parent_post_id = r;
      rec.parent_author.id = get(Field::repost_of_account);
    }
    list(Field::urls, rec.urls);
    list(Field::hashtags, rec.hashtags);
    list(Field::media, rec.media);
    list(Field::mentions, scratch_);
    // Tables without entity columns still have them in the text.
    if (l_.col(Field::hashtags) < 0) text::extract_hashtags(rec.text, rec.hashtags);
    if (l_.col(Field::mentions) < 0) {
      std::vector<std::string> handles;
      text::extract_mentions(rec.text, handles);
      for (auto& h : handles) scratch_.push_back("@" + h);
    }
    for (auto& m : scratch_) {
      store::AccountRef ref;
      if (m.starts_with("@"))
        ref.handle = m.substr(1);
      else
        ref.id = m;
      rec.mentions.push_back(std::move(ref));
    }
    return {};
  }

 private:
  std::string_view get(Field f) const {
    int c = l_.col(f);
    if (c < 0 || static_cast<size_t>(c) >= fields_->size()) return {};
    std::string_view v = trim((*fields_)[static_cast<size_t>(c)]);
    return is_null_value(v) ? std::string_view{} : v;
  }
  std::string_view column(Field f) const {
    int c = l_.col(f);
    return c < 0 ? std::string_view(to_string(f))
                 : std::string_view(l_.columns[static_cast<size_t>(c)]);
  }
  void list(Field f, std::vector<std::string>& out) {
    out.clear();
    auto v = get(f);
    if (!v.empty()) split_list(v, out);
  }
  static std::string_view strip_at(std::string_view h) {
    return h.starts_with("@") ? h.substr(1) : h;
  }

  const CsvLayout& l_;
  const std::vector<std::string>* fields_ = nullptr;
  std::vector<std::string> scratch_;
};

}  // namespace

namespace {

class CsvLineDecoder : public LineDecoder {
 public:
  CsvLineDecoder(Format format, std::string_view map, RecordSink& sink)
      : format_(format), map_(map), sink_(sink) {}

  void feed(std::string_view line, uint64_t n) override {
    if (failed_) return;  // without a header no row can be read
    if (gathering_) return gather(line, n);
    if (trim(line).empty()) return;
    std::string_view text = ensure_utf8(line, n, utf8_scratch_, sink_);
    if (!layout_) return read_header(text, n);
    if (split_csv_record(text, layout_->delimiter, fields_)) return deliver(text, n);
    // A quoted field runs over several lines: gather them.
    record_.assign(text);
    start_ = n;
    gathering_ = true;
  }

  void finish(uint64_t n) override {
    if (!gathering_) return;
    gathering_ = false;
    sink_.reject(start_, fmt::format("unterminated quoted field (runs to line {})", n),
                 std::string_view(record_).substr(0, 4096));
  }

  bool inside_record() const override { return gathering_; }

 private:
  void read_header(std::string_view header, uint64_t n) {
    std::string why;
    layout_ = CsvLayout::from_header(header, why, format_, map_);
    if (!layout_) {
      failed_ = true;
      sink_.reject(n, why, header);
      return;
    }
    if (!layout_->ignored.empty()) {
      std::string cols;
      for (const auto& c : layout_->ignored) cols += (cols.empty() ? "" : ", ") + c;
      sink_.note("columns not used: " + cols);
    }
    convert_.emplace(*layout_);
  }

  void gather(std::string_view line, uint64_t n) {
    record_.push_back('\n');
    std::string_view more = ensure_utf8(line, n, utf8_scratch_, sink_);
    record_.append(more);
    if (still_quoted(more, layout_->delimiter)) {
      if (record_.size() > kMaxRecordBytes) finish(n);
      return;
    }
    gathering_ = false;
    // Split once, at the end: re-splitting the whole record per line made a stray quote
    // quadratic.
    if (!split_csv_record(record_, layout_->delimiter, fields_)) return finish(n);
    deliver(record_, start_);
  }

  void deliver(std::string_view text, uint64_t start) {
    if (fields_.size() != layout_->columns.size()) {
      sink_.reject(
          start,
          fmt::format("expected {} fields, found {}", layout_->columns.size(), fields_.size()),
          text);
      return;
    }
    std::string error = convert_->convert(fields_, rec_);
    if (!error.empty()) {
      sink_.reject(start, error, text);
      return;
    }
    sink_.accept_owned(rec_, start);
  }

  Format format_;
  std::string map_;
  RecordSink& sink_;
  std::optional<CsvLayout> layout_;
  std::optional<RowConverter> convert_;
  bool failed_ = false, gathering_ = false;
  uint64_t start_ = 0;
  std::string record_, utf8_scratch_;
  std::vector<std::string> fields_;
  store::PostRecord rec_;
};

}  // namespace

std::unique_ptr<LineDecoder> make_csv_line_decoder(Format format, std::string_view map,
                                                   RecordSink& sink) {
  return std::make_unique<CsvLineDecoder>(format, map, sink);
}

void read_csv(InputFile& in, Format format, std::string_view map, RecordSink& sink) {
  CsvLineDecoder decoder(format, map, sink);
  feed_lines(in, decoder, sink);
}

}  // namespace lockstep::ingest
