#include "claims/kb_format.h"

#include <simdjson.h>

#include "base/json_writer.h"
#include "base/time_parse.h"

namespace lockstep::claims {

namespace {

// Fields are lines "name<TAB>token token ...": tokens never hold spaces, tabs or line breaks.
void put(std::string& out, char name, const std::vector<std::string>& tokens) {
  out += name;
  out += '\t';
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) out += ' ';
    out += tokens[i];
  }
  out += '\n';
}

void split(std::string_view s, std::vector<std::string>& out) {
  for_each_token(s, [&](std::string_view token) { out.emplace_back(token); });
}

}  // namespace

std::string old_layout_message(const std::filesystem::path& kb) {
  return "the KB " + kb.string() +
         " was built by an earlier lockstep (its matching terms are kept differently); build it "
         "again from its inputs with `lockstep claims index INPUT... --out NEW_KB`";
}

std::string DocFields::serialize() const {
  std::string out;
  put(out, 'c', claim_stems);
  put(out, 't', title_stems);
  put(out, 'C', claim_ascii);
  put(out, 'T', title_ascii);
  put(out, 'n', numbers);
  put(out, 'e', entities);
  put(out, 'a', claimant);
  put(out, 'x', ascii_stems);
  put(out, 'g', script_words);
  if (day) out += "d\t" + std::to_string(*day) + "\n";
  return out;
}

DocFields DocFields::parse(std::string_view s) {
  DocFields f;
  for_each_field(s, [&](char name, std::string_view body) {
    switch (name) {
      case 'c':
        split(body, f.claim_stems);
        break;
      case 't':
        split(body, f.title_stems);
        break;
      case 'C':
        split(body, f.claim_ascii);
        break;
      case 'T':
        split(body, f.title_ascii);
        break;
      case 'n':
        split(body, f.numbers);
        break;
      case 'e':
        split(body, f.entities);
        break;
      case 'a':
        split(body, f.claimant);
        break;
      case 'x':
        split(body, f.ascii_stems);
        break;
      case 'g':
        split(body, f.script_words);
        break;
      case 'd':
        f.day = std::strtoll(std::string(body).c_str(), nullptr, 10);
        break;
      default:
        break;
    }
  });
  return f;
}

std::string record_to_json(const ClaimRecord& r) {
  std::string out = "{";
  auto add = [&](const char* key, const std::string& value) {
    if (out.size() > 1) out += ',';
    append_json_string(out, key);
    out += ':';
    append_json_string(out, value);
  };
  add("id", r.id);
  add("claim", r.claim);
  add("title", r.title);
  add("claimant", r.claimant);
  add("claim_date", r.claim_date);
  add("publisher", r.publisher);
  add("site", r.site);
  add("review_url", r.review_url);
  add("review_date", r.review_date);
  add("lang", r.lang);
  add("rating", r.rating);
  add("verdict", to_string(r.verdict));
  out += '}';
  return out;
}

bool record_from_json(std::string_view json, ClaimRecord& r) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::object obj;
  if (parser.parse(padded).get(obj)) return false;
  auto get = [&](const char* key, std::string& into) {
    std::string_view v;
    if (!obj[key].get(v)) into.assign(v);
  };
  get("id", r.id);
  get("claim", r.claim);
  get("title", r.title);
  get("claimant", r.claimant);
  get("claim_date", r.claim_date);
  get("publisher", r.publisher);
  get("site", r.site);
  get("review_url", r.review_url);
  get("review_date", r.review_date);
  get("lang", r.lang);
  get("rating", r.rating);
  std::string verdict;
  get("verdict", verdict);
  r.verdict = Verdict::other;
  for (int v = 0; v <= static_cast<int>(Verdict::other); ++v)
    if (verdict == to_string(static_cast<Verdict>(v))) r.verdict = static_cast<Verdict>(v);
  return true;
}

std::optional<int64_t> day_of(std::string_view date) {
  if (date.empty()) return std::nullopt;
  auto ms = parse_time_ms(date);
  if (!ms) return std::nullopt;
  return *ms >= 0 ? *ms / 86400000 : -((-*ms + 86399999) / 86400000);
}

}  // namespace lockstep::claims
