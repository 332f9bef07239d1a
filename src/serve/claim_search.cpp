#include "serve/claim_search.h"

#include <fmt/format.h>

#include <cmath>

#include "base/json_writer.h"

namespace lockstep::serve {

namespace {

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  return fmt::format("{:.6g}", v);
}

void field(std::string& out, const char* name, std::string_view value) {
  out += ",\"";
  out += name;
  out += "\":";
  append_json_string(out, value);
}

}  // namespace

ClaimSearch::ClaimSearch(std::filesystem::path kb, std::filesystem::path model, size_t matchers)
    : kb_(std::move(kb)), model_(std::move(model)) {
  for (size_t i = 0; i < std::max<size_t>(1, matchers); ++i)
    idle_.push_back(std::make_unique<claims::Matcher>(kb_, model_));
  kb_records_ = idle_.front()->kb_size();
  has_model_ = idle_.front()->has_model();
}

ClaimSearch::~ClaimSearch() = default;

std::unique_ptr<claims::Matcher> ClaimSearch::borrow(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (!freed_.wait_for(lock, wait, [this] { return !idle_.empty(); })) return nullptr;
  auto m = std::move(idle_.back());
  idle_.pop_back();
  return m;
}

void ClaimSearch::give_back(std::unique_ptr<claims::Matcher> m) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(m));
  }
  freed_.notify_one();
}

std::string ClaimSearch::search_json(const ClaimQuery& q, std::chrono::milliseconds wait) {
  auto m = borrow(wait);
  if (!m) return {};
  std::vector<claims::Match> matches;
  try {
    try {
      // `lockstep claims index` may extend the KB while we serve it: move to its latest revision.
      if (m->refresh()) kb_records_ = m->kb_size();
      matches = m->match(q.text, q.k, q.filter);
    } catch (...) {
      // A revision can also vanish under a reader mid-search (Xapian's DatabaseModifiedError):
      // a handle opened afresh reads the current one. Once.
      m = std::make_unique<claims::Matcher>(kb_, model_);
      kb_records_ = m->kb_size();
      matches = m->match(q.text, q.k, q.filter);
    }
  } catch (...) {
    // The pool stays full even when the KB cannot be read now: the next search tries again
    // (`m` is the old handle when opening a new one failed). The error goes to the caller.
    give_back(std::move(m));
    throw;
  }
  give_back(std::move(m));
  return claim_matches_json(q.text, kb_records_, has_model_, matches);
}

std::string claim_matches_json(std::string_view query, size_t kb_records, bool model,
                               const std::vector<claims::Match>& matches) {
  std::string out = "{\"query\":";
  append_json_string(out, query);
  out += fmt::format(",\"kb_records\":{},\"model\":{},\"matches\":[", kb_records,
                     model ? "true" : "false");
  for (size_t i = 0; i < matches.size(); ++i) {
    const claims::ClaimRecord& r = matches[i].record;
    out += i ? ",{\"id\":" : "{\"id\":";
    append_json_string(out, r.id);
    field(out, "claim", r.claim);
    field(out, "title", r.title);
    field(out, "claimant", r.claimant);
    field(out, "claim_date", r.claim_date);
    field(out, "publisher", r.publisher);
    field(out, "site", r.site);
    field(out, "review_url", r.review_url);
    field(out, "review_date", r.review_date);
    field(out, "lang", r.lang);
    field(out, "rating", r.rating);
    field(out, "verdict", claims::to_string(r.verdict));
    out += fmt::format(",\"score\":{},\"probability\":{},\"bm25\":{}}}", num(matches[i].score),
                       model ? num(matches[i].probability) : "null", num(matches[i].bm25));
  }
  out += "]}";
  return out;
}

}  // namespace lockstep::serve
