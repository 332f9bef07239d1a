// Claim search for the API (`GET /api/claims`): a fact-check KB opened once, shared by the
// server's connection threads, and the JSON of an answer.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "claims/claims.h"

namespace lockstep::serve {

struct ClaimQuery {
  std::string text;  // valid UTF-8
  size_t k = 10;
  claims::MatchFilter filter;
};

class ClaimSearch {
 public:
  // Opens `matchers` handles on the KB (model: as `lockstep claims match --model`; empty =
  // KB/reranker.model when present, else BM25). Throws UsageError when KB is not a claims KB.
  ClaimSearch(std::filesystem::path kb, std::filesystem::path model, size_t matchers);
  ~ClaimSearch();
  ClaimSearch(const ClaimSearch&) = delete;
  ClaimSearch& operator=(const ClaimSearch&) = delete;

  size_t kb_records() const { return kb_records_.load(); }
  bool has_model() const { return has_model_; }

  // The answer's JSON; an empty string when every matcher stayed busy for `wait`.
  std::string search_json(const ClaimQuery& q, std::chrono::milliseconds wait);

 private:
  std::unique_ptr<claims::Matcher> borrow(std::chrono::milliseconds wait);
  void give_back(std::unique_ptr<claims::Matcher> m);

  std::filesystem::path kb_, model_;
  std::atomic<size_t> kb_records_{0};
  bool has_model_ = false;
  // A Matcher is not thread-safe (its Xapian database handle, ICU transliterators and XGBoost
  // booster keep per-call state), and the server runs one thread per connection: each query
  // borrows a Matcher of its own from this pool, so a few run at once and the rest wait.
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<claims::Matcher>> idle_;
};

// {query, kb_records, model, matches: [...]}: every string escaped by base/json_writer.
std::string claim_matches_json(std::string_view query, size_t kb_records, bool model,
                               const std::vector<claims::Match>& matches);

}  // namespace lockstep::serve
