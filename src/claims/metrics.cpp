// Ranking metrics as CheckThat! 2020 Task 2 scores them: AP@k divides by the number of relevant
// records (almost always 1 there), MAP@k averages over queries that have relevant records.
#include <algorithm>

#include "claims/claims.h"

namespace lockstep::claims {

double average_precision_at(const std::vector<std::string>& ranked,
                            const std::vector<std::string>& relevant, size_t k) {
  if (relevant.empty()) return 0;
  double hits = 0, sum = 0;
  for (size_t i = 0; i < ranked.size() && i < k; ++i) {
    if (std::find(relevant.begin(), relevant.end(), ranked[i]) == relevant.end()) continue;
    // A record listed twice counts once.
    if (std::find(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(i), ranked[i]) !=
        ranked.begin() + static_cast<std::ptrdiff_t>(i))
      continue;
    hits += 1;
    sum += hits / double(i + 1);
  }
  return sum / double(relevant.size());
}

Metrics evaluate_run(const Run& run, const Qrels& qrels) {
  Metrics m;
  static constexpr int kRecallAt[] = {1, 5, 10, 20, 50};
  for (int k : kRecallAt) m.recall[k] = 0;
  for (const auto& [qid, relevant] : qrels) {
    if (relevant.empty()) continue;
    ++m.queries;
    static const std::vector<std::string> kNone;
    auto it = run.find(qid);
    const std::vector<std::string>& ranked = it == run.end() ? kNone : it->second;
    m.map1 += average_precision_at(ranked, relevant, 1);
    m.map3 += average_precision_at(ranked, relevant, 3);
    m.map5 += average_precision_at(ranked, relevant, 5);
    for (size_t i = 0; i < ranked.size(); ++i)
      if (std::find(relevant.begin(), relevant.end(), ranked[i]) != relevant.end()) {
        m.mrr += 1.0 / double(i + 1);
        break;
      }
    for (int k : kRecallAt) {
      size_t found = 0;
      for (const std::string& r : relevant) {
        auto end = ranked.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(k, ranked.size()));
        if (std::find(ranked.begin(), end, r) != end) ++found;
      }
      m.recall[k] += double(found) / double(relevant.size());
    }
  }
  if (m.queries > 0) {
    double n = double(m.queries);
    m.map1 /= n, m.map3 /= n, m.map5 /= n, m.mrr /= n;
    for (auto& [k, v] : m.recall) v /= n;
  }
  return m;
}

}  // namespace lockstep::claims
