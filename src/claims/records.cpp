// Fact-check records from what fact-checkers publish: schema.org ClaimReview (JSON-LD, alone, in
// arrays, in @graph, or embedded in an HTML page), the Google Fact Check Tools API response, and
// delimited tables such as CheckThat!'s verified_claims.docs.tsv.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "base/time_parse.h"
#include "claims/claims.h"
#include "claims/delimited.h"
#include "claims/fold.h"
#include "text/text.h"

namespace lockstep::claims {

namespace {

using simdjson::dom::element;

constexpr int kMaxDepth = 24;  // how deep a ClaimReview may hide inside a page's JSON-LD

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// A string field, or the "name"/"@value" of an object, or the first usable array entry.
std::string text_of(element v, int depth = 0) {
  if (depth > 4) return "";
  switch (v.type()) {
    case simdjson::dom::element_type::STRING:
      return trim(std::string_view(v.get_string()));
    case simdjson::dom::element_type::INT64:
      return std::to_string(int64_t(v.get_int64()));
    case simdjson::dom::element_type::UINT64:
      return std::to_string(uint64_t(v.get_uint64()));
    case simdjson::dom::element_type::DOUBLE:
      return fmt::format("{}", double(v.get_double()));
    case simdjson::dom::element_type::OBJECT:
      for (const char* key : {"name", "@value", "alternateName", "text"}) {
        element inner;
        if (!v.at_key(key).get(inner)) {
          std::string s = text_of(inner, depth + 1);
          if (!s.empty()) return s;
        }
      }
      return "";
    case simdjson::dom::element_type::ARRAY:
      for (element e : v.get_array()) {
        std::string s = text_of(e, depth + 1);
        if (!s.empty()) return s;
      }
      return "";
    default:
      return "";
  }
}

std::string field(element obj, std::string_view key) {
  element v;
  if (obj.at_key(key).get(v)) return "";
  return text_of(v);
}

double number_of(element obj, std::string_view key, double fallback) {
  element v;
  if (obj.at_key(key).get(v)) return fallback;
  if (v.is_number()) return double(v.get_double());
  std::string s = text_of(v);
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  return (s.empty() || end == s.c_str()) ? fallback : d;
}

// YYYY-MM-DD when the date parses, otherwise as written (still shown, never filtered on).
std::string normalize_date(const std::string& raw) {
  auto ms = parse_time_ms(raw);
  if (!ms) return raw;
  int64_t days = *ms >= 0 ? *ms / 86400000 : -((-*ms + 86399999) / 86400000);
  CivilDate d = civil_from_days(days);
  return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
}

std::string site_of(const std::string& url) {
  if (url.empty()) return "";
  return std::string(text::url_domain(text::normalize_url(url)));
}

// A review's URL as its id: tracking tails dropped, so the same review read twice keeps one id.
std::string canonical_url(const std::string& url) {
  return url.empty() ? url : text::normalize_url(url);
}

bool has_type(element obj, std::string_view type) {
  element t;
  if (obj.at_key("@type").get(t)) return false;
  if (t.is_string()) return std::string_view(t.get_string()) == type;
  if (t.is_array())
    for (element e : t.get_array())
      if (e.is_string() && std::string_view(e.get_string()) == type) return true;
  return false;
}

class JsonWalker {
 public:
  JsonWalker(RecordSink& sink, std::string_view where_prefix)
      : sink_(sink), prefix_(where_prefix) {}

  // Returns how many records (accepted or rejected) the value held.
  size_t walk(element v, int depth) {
    if (depth > kMaxDepth) return 0;
    if (v.is_array()) {
      size_t n = 0;
      for (element e : v.get_array()) n += walk(e, depth + 1);
      return n;
    }
    if (!v.is_object()) return 0;
    if (has_type(v, "ClaimReview")) {
      claim_review(v);
      return 1;
    }
    element claims;
    if (!v.at_key("claims").get(claims) && claims.is_array()) {
      size_t n = 0;
      for (element c : claims.get_array()) n += api_claim(c);
      return n;
    }
    element reviews;
    if (!v.at_key("claimReview").get(reviews) && reviews.is_array()) return api_claim(v);
    size_t n = 0;
    for (auto [key, value] : v.get_object())
      if (value.is_object() || value.is_array()) n += walk(value, depth + 1);
    return n;
  }

 private:
  std::string where() { return fmt::format("{}record {}", prefix_, ++count_); }

  void claim_review(element v) {
    std::string at = where();
    ClaimRecord r;
    r.claim = field(v, "claimReviewed");
    element item;
    bool has_item = !v.at_key("itemReviewed").get(item) && item.is_object();
    if (r.claim.empty() && has_item) r.claim = field(item, "text");
    if (r.claim.empty() && has_item) r.claim = field(item, "name");
    if (r.claim.empty()) {
      sink_.reject(at, "ClaimReview without claimReviewed (the claim's text)",
                   simdjson::to_string(v));
      return;
    }
    if (has_item) {
      r.claimant = field(item, "author");
      r.claim_date = normalize_date(field(item, "datePublished"));
    }
    r.title = field(v, "headline");
    if (r.title.empty()) r.title = field(v, "name");
    r.review_url = field(v, "url");
    r.review_date = normalize_date(field(v, "datePublished"));
    r.lang = field(v, "inLanguage");
    element author;
    if (!v.at_key("author").get(author)) {
      r.publisher = text_of(author);
      element a = author;
      if (author.is_array()) {
        for (element e : author.get_array()) {
          a = e;
          break;
        }
      }
      if (a.is_object()) r.site = site_of(field(a, "url"));
    }
    if (r.site.empty()) r.site = site_of(r.review_url);
    element rating;
    if (!v.at_key("reviewRating").get(rating) && rating.is_object()) {
      r.rating = field(rating, "alternateName");
      if (r.rating.empty()) r.rating = field(rating, "name");
      r.verdict = normalize_rating(r.rating);
      if (r.verdict == Verdict::other) {
        double value = number_of(rating, "ratingValue", -1e300);
        Verdict scaled = rating_from_scale(value, number_of(rating, "worstRating", 1),
                                           number_of(rating, "bestRating", 5));
        if (value > -1e300) {
          if (r.rating.empty()) r.rating = fmt::format("{}", value);
          r.verdict = scaled;
        }
      }
    }
    r.id = field(v, "@id");
    if (r.id.empty()) r.id = canonical_url(r.review_url);
    sink_.accept(std::move(r));
  }

  size_t api_claim(element c) {
    if (!c.is_object()) {
      sink_.reject(where(), "a claim must be a JSON object", simdjson::to_string(c));
      return 1;
    }
    std::string text = field(c, "text");
    element reviews;
    bool has_reviews = !c.at_key("claimReview").get(reviews) && reviews.is_array() &&
                       reviews.get_array().size() > 0;
    if (text.empty() || !has_reviews) {
      sink_.reject(where(), text.empty() ? "claim without text" : "claim without claimReview",
                   simdjson::to_string(c));
      return 1;
    }
    size_t n = 0;
    for (element review : reviews.get_array()) {
      ++n;
      std::string at = where();
      if (!review.is_object()) {
        sink_.reject(at, "claimReview entry is not an object", simdjson::to_string(review));
        continue;
      }
      ClaimRecord r;
      r.claim = text;
      r.claimant = field(c, "claimant");
      r.claim_date = normalize_date(field(c, "claimDate"));
      element publisher;
      if (!review.at_key("publisher").get(publisher) && publisher.is_object()) {
        r.publisher = field(publisher, "name");
        r.site = field(publisher, "site");
      }
      r.review_url = field(review, "url");
      if (r.site.empty()) r.site = site_of(r.review_url);
      r.title = field(review, "title");
      r.review_date = normalize_date(field(review, "reviewDate"));
      r.rating = field(review, "textualRating");
      r.verdict = normalize_rating(r.rating);
      r.lang = field(review, "languageCode");
      r.id = canonical_url(r.review_url);
      sink_.accept(std::move(r));
    }
    return n;
  }

  RecordSink& sink_;
  std::string prefix_;
  size_t count_ = 0;
};

void read_json(std::string_view content, std::string_view where_prefix, RecordSink& sink) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(content);
  element root;
  auto err = parser.parse(padded).get(root);
  if (!err) {
    JsonWalker walker(sink, where_prefix);
    if (walker.walk(root, 0) == 0)
      sink.reject(fmt::format("{}record 1", where_prefix),
                  "no ClaimReview and no Fact Check API claims in this JSON",
                  content.substr(0, 4096));
    return;
  }
  // JSON Lines: one ClaimReview or API response per line.
  size_t line_no = 0, pos = 0;
  bool many_lines = content.find('\n') != std::string_view::npos;
  if (!many_lines) {
    sink.reject(fmt::format("{}record 1", where_prefix),
                fmt::format("malformed JSON ({})", simdjson::error_message(err)), content);
    return;
  }
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (trim(line).empty()) continue;
    std::string prefix = fmt::format("{}line {}: ", where_prefix, line_no);
    simdjson::padded_string one(line);
    element v;
    if (auto e = parser.parse(one).get(v)) {
      sink.reject(fmt::format("{}line {}", where_prefix, line_no),
                  fmt::format("malformed JSON ({})", simdjson::error_message(e)), line);
      continue;
    }
    JsonWalker walker(sink, prefix);
    if (walker.walk(v, 0) == 0)
      sink.reject(fmt::format("{}line {}", where_prefix, line_no),
                  "no ClaimReview and no Fact Check API claims on this line", line);
  }
}

// <script type="application/ld+json"> blocks of an HTML page, as fact-checkers embed them.
void read_html(std::string_view page, RecordSink& sink) {
  std::string lower(page);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t pos = 0, scripts = 0, found = 0;
  while ((pos = lower.find("<script", pos)) != std::string::npos) {
    size_t tag_end = lower.find('>', pos);
    if (tag_end == std::string::npos) break;
    std::string_view tag(lower.data() + pos, tag_end - pos);
    size_t close = lower.find("</script", tag_end);
    if (close == std::string::npos) close = lower.size();
    pos = close;
    if (tag.find("application/ld+json") == std::string_view::npos) continue;
    ++found;
    read_json(page.substr(tag_end + 1, close - tag_end - 1), fmt::format("script {} ", ++scripts),
              sink);
  }
  if (found == 0)
    sink.reject("record 1", "HTML page without <script type=\"application/ld+json\">",
                page.substr(0, 4096));
}

void read_table(std::string_view content, RecordSink& sink) {
  DelimitedReader table(content);
  std::vector<std::string> header;
  if (!table.next(header)) return;
  auto col = [&](std::initializer_list<const char*> names) -> int {
    for (const char* n : names)
      for (size_t i = 0; i < header.size(); ++i)
        if (fold_key(header[i]) == fold_key(n)) return static_cast<int>(i);
    return -1;
  };
  int id = col({"vclaim_id", "claim_id", "id", "record_id"});
  if (id < 0 && !header.empty() && trim(header[0]).empty()) id = 0;  // CheckThat!'s unnamed index
  int claim = col({"vclaim", "claim", "claim_text", "claimreviewed", "claim_reviewed", "text"});
  int title = col({"title", "headline"});
  int claimant = col({"claimant", "claim_author"});
  int claim_date = col({"claim_date", "claimdate"});
  int publisher = col({"publisher", "reviewer", "publisher_name", "author"});
  int site = col({"site", "publisher_site"});
  int url = col({"review_url", "url", "link"});
  int review_date = col({"review_date", "reviewdate", "date", "date_published"});
  int lang = col({"lang", "language", "language_code", "languagecode", "inlanguage"});
  int rating = col({"rating", "textual_rating", "textualrating", "verdict", "label"});
  if (claim < 0) {
    sink.reject("line 1",
                "no claim column in the header (name one vclaim, claim, claim_text or text)",
                table.last_raw());
    return;
  }
  std::vector<std::string> row;
  while (table.next(row)) {
    std::string at = fmt::format("line {}", table.last_line());
    if (row.size() == 1 && trim(row[0]).empty()) continue;
    if (row.size() != header.size()) {
      sink.reject(at, fmt::format("expected {} fields, found {}", header.size(), row.size()),
                  table.last_raw());
      continue;
    }
    auto get = [&](int c) { return c < 0 ? std::string() : trim(row[static_cast<size_t>(c)]); };
    ClaimRecord r;
    r.claim = get(claim);
    if (r.claim.empty()) {
      sink.reject(at, "empty claim", table.last_raw());
      continue;
    }
    r.id = get(id);
    r.title = get(title);
    r.claimant = get(claimant);
    r.claim_date = normalize_date(get(claim_date));
    r.publisher = get(publisher);
    r.review_url = get(url);
    r.site = get(site);
    if (r.site.empty()) r.site = site_of(r.review_url);
    r.review_date = normalize_date(get(review_date));
    r.lang = get(lang);
    r.rating = get(rating);
    r.verdict = normalize_rating(r.rating);
    if (r.id.empty()) r.id = canonical_url(r.review_url);
    sink.accept(std::move(r));
  }
}

}  // namespace

void read_records(std::string_view content, RecordSink& sink) {
  std::string repaired;
  if (!text::is_valid_utf8(content)) {
    text::repair_utf8(content, repaired);
    content = repaired;
  }
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // UTF-8 BOM
  size_t first = content.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return;
  char c = content[first];
  if (c == '{' || c == '[') {
    read_json(content, "", sink);
  } else if (c == '<') {
    read_html(content, sink);
  } else {
    read_table(content, sink);
  }
}

}  // namespace lockstep::claims
