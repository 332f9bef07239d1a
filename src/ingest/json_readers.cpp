// JSON input: splits the input into values (one per line, or one document) and hands each to the
// converter for its format.
#include <fmt/format.h>

#include "base/time_parse.h"
#include "ingest/json_convert.h"
#include "ingest/readers.h"

namespace lockstep::ingest {

std::string_view json_str(simdjson::dom::element v, std::string_view key) {
  std::string_view s;
  if (v[key].get(s)) return {};
  return s;
}

std::string json_id(simdjson::dom::element v, std::string_view key) {
  simdjson::dom::element field;
  if (v[key].get(field)) return {};
  return json_id_of(field);
}

std::string json_id_of(simdjson::dom::element field) {
  std::string_view s;
  if (!field.get(s)) return std::string(s);
  int64_t i;
  if (!field.get(i)) return std::to_string(i);
  uint64_t u;
  if (!field.get(u)) return std::to_string(u);
  return {};
}

int64_t json_int(simdjson::dom::element v, std::string_view key, int64_t fallback) {
  simdjson::dom::element field;
  if (v[key].get(field)) return fallback;
  return json_int_of(field, fallback);
}

int64_t json_int_of(simdjson::dom::element field, int64_t fallback) {
  int64_t i;
  if (!field.get(i)) return i;
  double d;
  // Casting a double outside int64's range is undefined behaviour: such a value counts as absent.
  if (!field.get(d) && d >= -0x1p63 && d < 0x1p63) return static_cast<int64_t>(d);
  return fallback;
}

bool json_has(simdjson::dom::element v, std::string_view key) {
  auto field = v[key];
  return !field.error() && !field.is_null();
}

bool json_obj(simdjson::dom::element v, std::string_view key, simdjson::dom::element& out) {
  return !v[key].get(out) && out.is_object();
}

bool json_arr(simdjson::dom::element v, std::string_view key, simdjson::dom::array& out) {
  return !v[key].get(out);
}

void reject_item(JsonContext& ctx, simdjson::dom::element item, std::string_view reason) {
  std::string raw = simdjson::to_string(item);
  ctx.sink.reject(ctx.line, reason, raw);
}

namespace {

JsonConverter converter_for(Format f) {
  switch (f) {
    case Format::twitter_v1:
      return convert_twitter_v1;
    case Format::twitter_v2:
      return convert_twitter_v2;
    case Format::bluesky:
      return convert_bluesky;
    case Format::mastodon:
      return convert_mastodon;
    case Format::telegram:
      return convert_telegram;
    default:
      return convert_flat;
  }
}

// One JSON value per line.
class JsonLineDecoder : public LineDecoder {
 public:
  JsonLineDecoder(Format format, std::string_view map, RecordSink& sink)
      : format_(format), map_(map), sink_(sink), convert_(converter_for(format)) {}

  void feed(std::string_view line, uint64_t n) override {
    if (failed_ || line.find_first_not_of(" \t\r") == std::string_view::npos) return;
    // simdjson validates UTF-8 as it parses (a parse never succeeds on invalid UTF-8), so a line
    // is checked separately, and repaired and parsed again, only when its parse fails.
    // The line is parsed where it lies when the bytes after it may be read (simdjson's padding),
    // else from simdjson's own padded copy.
    const bool copy = readable_after_ < simdjson::SIMDJSON_PADDING;
    readable_after_ = 0;
    std::string_view text = line;
    simdjson::dom::element value;
    auto err = parser_.parse(text.data(), text.size(), copy).get(value);
    if (err) {
      text = ensure_utf8(line, n, utf8_scratch_, sink_);
      if (text.data() != line.data()) err = parser_.parse(text.data(), text.size()).get(value);
    }
    if (err) {
      sink_.reject(n, fmt::format("malformed JSON ({})", simdjson::error_message(err)), text);
      return;
    }
    if (format_ == Format::ndjson && !layout_) {
      // The mapping comes from the keys of the first object.
      std::string why;
      layout_ = CsvLayout::from_json_keys(text, why, map_);
      if (!layout_) {
        failed_ = true;
        sink_.reject(n, why, text);
        return;
      }
    }
    JsonContext ctx{sink_, n, text, layout_ ? &*layout_ : nullptr, rec_};
    convert_(value, ctx);
  }
  void finish(uint64_t) override {}
  bool inside_record() const override { return false; }
  bool failed() const { return failed_; }

 private:
  Format format_;
  std::string map_;
  RecordSink& sink_;
  JsonConverter convert_;
  simdjson::dom::parser parser_;
  std::optional<CsvLayout> layout_;
  std::string utf8_scratch_;
  store::PostRecord rec_;
  bool failed_ = false;
};

}  // namespace

void read_json(InputFile& in, Format format, std::string_view map, RecordSink& sink) {
  JsonConverter convert = converter_for(format);
  simdjson::dom::parser parser;
  std::optional<CsvLayout> layout;
  std::string utf8_scratch;
  auto ensure_layout = [&](std::string_view first, uint64_t line) {
    if (format != Format::ndjson || layout) return true;
    std::string why;
    layout = CsvLayout::from_json_keys(first, why, map);
    if (!layout) sink.reject(line, why, first);
    return layout.has_value();
  };

  if (is_single_document(in.peek(1 << 16))) {
    std::string doc = in.read_rest();
    std::string_view text = ensure_utf8(doc, 1, utf8_scratch, sink);
    simdjson::dom::element root;
    if (auto err = parser.parse(text.data(), text.size()).get(root)) {
      sink.reject(1,
                  fmt::format("malformed JSON document ({}); is the file truncated?",
                              simdjson::error_message(err)),
                  text.substr(0, 4096));
      return;
    }
    store::PostRecord rec;
    JsonContext ctx{sink, 1, text.substr(0, 4096), nullptr, rec};
    simdjson::dom::array items;
    if (!root.get(items) && format != Format::telegram) {
      size_t index = 0;
      for (auto item : items) {
        ++index;
        // The exact record for the quarantine; named so that ctx.raw does not view a temporary.
        std::string raw = simdjson::to_string(item);
        ctx.raw = raw;
        if (format == Format::ndjson && !layout && !ensure_layout(raw, 1)) return;
        ctx.layout = layout ? &*layout : nullptr;
        ctx.line = index;  // for arrays: the element number, said so in the quarantine reason
        convert(item, ctx);
      }
      return;
    }
    convert(root, ctx);
    return;
  }

  JsonLineDecoder decoder(format, map, sink);
  feed_lines(in, decoder, sink, [&] { return decoder.failed(); });
}

std::unique_ptr<LineDecoder> make_json_line_decoder(Format format, std::string_view map,
                                                    RecordSink& sink) {
  return std::make_unique<JsonLineDecoder>(format, map, sink);
}

// --- flat JSON lines mapped like a CSV -------------------------------------------------------

void convert_flat(simdjson::dom::element v, JsonContext& ctx) {
  const CsvLayout& l = *ctx.layout;
  auto get = [&](Field f) -> std::string {
    int c = l.col(f);
    if (c < 0) return {};
    std::string s = json_id(v, l.columns[static_cast<size_t>(c)]);
    return is_null_value(s) ? std::string{} : s;
  };
  auto& rec = ctx.rec;
  rec.clear();
  rec.post_id = get(Field::post);
  rec.author.id = get(Field::account);
  rec.author.handle = get(Field::handle);
  if (rec.author.empty()) return ctx.reject("no account field");
  auto ts = get(Field::time);
  auto t = parse_time_ms(ts);
  if (!t) return ctx.reject(fmt::format("unreadable time '{}'", ts));
  rec.ts_ms = *t;
  rec.text = get(Field::text);
  rec.lang = get(Field::lang);
  if (auto p = get(Field::reply_to); !p.empty()) {
    rec.kind = store::EventKind::reply;
    rec.parent_post_id = p;
  } else if (auto q = get(Field::quote_of); !q.empty()) {
    rec.kind = store::EventKind::quote;
    rec.parent_post_id = q;
  } else if (auto r = get(Field::repost_of); !r.empty()) {
    rec.kind = store::EventKind::repost;
    rec.parent_post_id = r;
  }
  auto list = [&](Field f, std::vector<std::string>& out) {
    int c = l.col(f);
    if (c < 0) return;
    simdjson::dom::array arr;
    if (!v[l.columns[static_cast<size_t>(c)]].get(arr)) {
      for (auto item : arr) {
        std::string_view s;
        if (!item.get(s)) out.emplace_back(s);
      }
    } else if (auto s = get(f); !s.empty()) {
      split_list(s, out);
    }
  };
  list(Field::urls, rec.urls);
  list(Field::hashtags, rec.hashtags);
  list(Field::media, rec.media);
  std::vector<std::string> mentions;
  list(Field::mentions, mentions);
  for (auto& m : mentions) {
    store::AccountRef ref;
    if (m.starts_with("@"))
      ref.handle = m.substr(1);
    else
      ref.id = m;
    rec.mentions.push_back(std::move(ref));
  }
  ctx.emit();
}

}  // namespace lockstep::ingest
