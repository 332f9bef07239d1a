#include <fmt/format.h>

#include <charconv>

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

void read_csv(InputFile& in, Format format, std::string_view map, RecordSink& sink) {
  std::string_view line;
  std::string utf8_scratch;
  InputFile::Line st;
  // The header: the first non-empty line.
  do {
    st = in.next_line(line);
  } while (st == InputFile::Line::ok && trim(line).empty());
  if (st == InputFile::Line::end) return;
  std::string why;
  std::string header(ensure_utf8(line, in.line_number(), utf8_scratch, sink));
  auto layout = CsvLayout::from_header(header, why, format, map);
  if (!layout) {
    sink.reject(in.line_number(), why, header);
    return;
  }
  if (!layout->ignored.empty()) {
    std::string cols;
    for (const auto& c : layout->ignored) cols += (cols.empty() ? "" : ", ") + c;
    sink.note("columns not used: " + cols);
  }
  const size_t width = layout->columns.size();
  RowConverter convert(*layout);
  store::PostRecord rec;
  std::vector<std::string> fields;
  std::string record;
  for (;;) {
    st = in.next_line(line);
    if (st == InputFile::Line::end) break;
    uint64_t start = in.line_number();
    if (st == InputFile::Line::too_long) {
      sink.reject(start, fmt::format("line longer than {} bytes", InputFile::kDefaultMaxLine),
                  line.substr(0, 1024));
      continue;
    }
    if (trim(line).empty()) continue;
    std::string_view text = ensure_utf8(line, start, utf8_scratch, sink);
    bool complete = split_csv_record(text, layout->delimiter, fields);
    if (!complete) {
      // A quoted field runs over several lines: gather them.
      record.assign(text);
      bool open = true;
      while (open && record.size() <= kMaxRecordBytes) {
        st = in.next_line(line);
        if (st != InputFile::Line::ok) break;
        record.push_back('\n');
        std::string_view more = ensure_utf8(line, in.line_number(), utf8_scratch, sink);
        record.append(more);
        open = still_quoted(more, layout->delimiter);
      }
      // Split once, at the end: re-splitting the whole record per line made a stray quote
      // quadratic.
      if (!open) complete = split_csv_record(record, layout->delimiter, fields);
      if (!complete) {
        sink.reject(start,
                    fmt::format("unterminated quoted field (runs to line {})", in.line_number()),
                    std::string_view(record).substr(0, 4096));
        continue;
      }
      text = record;
    }
    if (fields.size() != width) {
      sink.reject(start, fmt::format("expected {} fields, found {}", width, fields.size()), text);
      continue;
    }
    std::string error = convert.convert(fields, rec);
    if (!error.empty()) {
      sink.reject(start, error, text);
      continue;
    }
    sink.accept(rec, start);
  }
}

}  // namespace lockstep::ingest
