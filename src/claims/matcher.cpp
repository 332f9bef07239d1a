#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "base/error.h"
#include "claims/fold.h"
#include "claims/fusion.h"
#include "claims/matcher_impl.h"

namespace lockstep::claims {

namespace {

// Query words the first stage evaluates at most (the rarest); see candidates().
constexpr size_t kMaxQueryTerms = 64;
// The weight of a character 4-gram's BM25 relative to a word's.
constexpr double kGramWeight = 0.3;

// What the first stage's filter query does, for a record found by its vector instead.
bool passes(const Xapian::Document& doc, const MatchFilter& filter) {
  auto has_term = [&](const std::string& t) {
    Xapian::TermIterator it = doc.termlist_begin();
    it.skip_to(t);
    return it != doc.termlist_end() && *it == t;
  };
  if (!filter.lang.empty() && !has_term("L" + language_key(filter.lang))) return false;
  if (!filter.publisher.empty() && !has_term("P" + fold_key(filter.publisher))) return false;
  if (filter.since_day || filter.until_day) {
    std::string v = doc.get_value(kSlotDay);
    if (v.empty()) return false;
    double day = Xapian::sortable_unserialise(v);
    if (filter.since_day && day < double(*filter.since_day)) return false;
    if (filter.until_day && day > double(*filter.until_day)) return false;
  }
  return true;
}

bool filtering(const MatchFilter& f) {
  return !f.lang.empty() || !f.publisher.empty() || f.since_day || f.until_day;
}

}  // namespace

Matcher::Impl::Impl(const std::filesystem::path& kb) {
  if (!std::filesystem::exists(kb / "xapian"))
    throw UsageError(
        fmt::format("{} is not a claims KB; build one with `lockstep claims index "
                    "RECORDS... --out {}`",
                    kb.string(), kb.string()));
  try {
    db = Xapian::Database((kb / "xapian").string());
  } catch (const Xapian::Error& e) {
    throw IoError(fmt::format("KB {}: {}", kb.string(), e.get_description()));
  }
  kb_path = kb;
  load_stats();
}

void Matcher::Impl::load_stats() {
  corpus.docs = std::max<double>(1, db.get_doccount());
  auto number = [&](std::string_view key) {
    std::string v = db.get_metadata(std::string(key));
    return v.empty() ? 0.0 : std::strtod(v.c_str(), nullptr);
  };
  corpus.avg_claim_len = std::max(1.0, number(kClaimLenSum) / corpus.docs);
  corpus.avg_title_len = std::max(1.0, number(kTitleLenSum) / corpus.docs);
  if (db.get_doccount() > 0 && db.get_metadata(std::string(kLayoutKey)) != kLayout)
    throw UsageError(old_layout_message(kb_path));
  lexical = LexicalIndex::open(kb_path, db);
  has_script_ngrams = lexical->has_prefix('G');
}

std::vector<uint8_t> Matcher::Impl::allowed_docs(const MatchFilter& filter) {
  std::vector<uint8_t> allowed(size_t{lexical->max_docid()} + 1, 1);
  std::vector<uint8_t> in(allowed.size());
  auto keep_only = [&]() {
    for (size_t d = 0; d < allowed.size(); ++d) allowed[d] &= in[d];
    std::fill(in.begin(), in.end(), 0);
  };
  auto with_term = [&](const std::string& t) {
    for (auto it = db.postlist_begin(t); it != db.postlist_end(t); ++it)
      if (*it < in.size()) in[*it] = 1;
    keep_only();
  };
  if (!filter.lang.empty()) with_term("L" + language_key(filter.lang));
  if (!filter.publisher.empty()) with_term("P" + fold_key(filter.publisher));
  if (filter.since_day || filter.until_day) {
    for (auto it = db.valuestream_begin(kSlotDay); it != db.valuestream_end(kSlotDay); ++it) {
      double day = Xapian::sortable_unserialise(*it);
      if (filter.since_day && day < double(*filter.since_day)) continue;
      if (filter.until_day && day > double(*filter.until_day)) continue;
      if (it.get_docid() < in.size()) in[it.get_docid()] = 1;
    }
    keep_only();
  }
  return allowed;
}

std::string Matcher::Impl::record_id(Xapian::docid doc) {
  ClaimRecord r;
  record_from_json(db.get_document(doc).get_value(kSlotRecord), r);
  return r.id;
}

Candidates Matcher::Impl::candidates(std::string_view text, size_t depth, const MatchFilter& filter,
                                     bool with_features, const float* unit_query) {
  Candidates out;
  QueryFeatures q;
  q.analysis = analyzer.analyze(text, "", true);
  const Analysis& a = q.analysis;
  // The tweet author's name counts as query words too: claims are often about what they said.
  std::unordered_map<std::string, unsigned> wqf;
  for (const std::string& s : a.stems)
    if (!s.empty() && s.size() < 200) ++wqf["S" + s];
  for (const std::string& s : a.ascii)
    if (!s.empty() && s.size() < 200) ++wqf["A" + s];
  for (const std::string& s : a.ascii_stems)
    if (s.size() < 200) ++wqf["A" + s];
  for (const std::string& s : a.signature)
    if (!s.empty() && s.size() < 200) ++wqf["A" + s];
  std::vector<LexicalIndex::Term> terms, common;
  std::vector<double> term_df, common_df;
  for (const auto& [t, n] : wqf) {
    double df = lexical->termfreq(t);
    double w = std::log(1 + (corpus.docs - df + 0.5) / (df + 0.5));
    if (t[0] == 'S') q.stem_idf.emplace(t.substr(1), w);
    if (t[0] == 'A') q.ascii_idf.emplace(t.substr(1), w);
    // The first stage leaves out words in more than 15% of the records (stop words: they add
    // little to BM25 and their posting lists are the longest); the features still count them.
    // A word that is its own stem stays twice, as S and A term: the A term is what meets records
    // in other languages (their S terms are other stemmers' output).
    if (df > 0.15 * corpus.docs && corpus.docs > 1000) {
      common.push_back({t, n, 1.0});
      common_df.push_back(df);
      continue;
    }
    terms.push_back({t, n, 1.0});
    term_df.push_back(df);
  }
  if (terms.empty()) {  // a query of stop words only
    terms = std::move(common);
    term_df = std::move(common_df);
  }
  // A long post's rarest words decide its candidates; evaluating every one of its words is what
  // makes a long query slow on a large KB. Keep the kMaxQueryTerms with the highest IDF.
  if (terms.size() > kMaxQueryTerms) {
    std::vector<std::pair<double, size_t>> by_idf;
    for (size_t i = 0; i < terms.size(); ++i) by_idf.emplace_back(term_df[i], i);
    std::stable_sort(by_idf.begin(), by_idf.end());
    std::vector<LexicalIndex::Term> kept;
    for (size_t i = 0; i < kMaxQueryTerms; ++i) kept.push_back(terms[by_idf[i].second]);
    terms = std::move(kept);
  }
  prepare(q);
  // Character 4-grams meet the 4-grams of records' non-Latin names (only those are indexed, so
  // these posting lists stay short); scaled down, they settle what words leave open.
  std::vector<std::string> grams;
  if (has_script_ngrams) {
    // Names (capitalised words) and the post's own non-Latin words: what crosses scripts.
    std::vector<std::string> words = a.capitalised;
    std::vector<std::string> ngrams = char_ngrams(words);
    ngrams.insert(ngrams.end(), a.script_ngrams.begin(), a.script_ngrams.end());
    std::sort(ngrams.begin(), ngrams.end());
    ngrams.erase(std::unique(ngrams.begin(), ngrams.end()), ngrams.end());
    for (const std::string& g : ngrams) grams.push_back("G" + g);
  }
  for (const std::string& g : grams) terms.push_back({g, 1, kGramWeight});
  std::vector<uint8_t> allowed;
  if (filtering(filter)) allowed = allowed_docs(filter);
  double best = 1;
  if (!terms.empty()) {
    std::vector<LexicalIndex::Hit> hits =
        lexical->search(terms, depth, scratch, filtering(filter) ? &allowed : nullptr);
    if (!hits.empty()) best = hits.front().score;
    if (with_features) out.features.resize(hits.size() * kFeatureCount);
    for (size_t rank = 0; rank < hits.size(); ++rank) {
      Xapian::docid doc = hits[rank].doc;
      if (with_features) {
        DocFields fields = DocFields::parse(db.get_document(doc).get_value(kSlotFields));
        CandidateScore c{hits[rank].score, best, rank + 1};
        compute_features(q, fields, corpus, c, out.features.data() + rank * kFeatureCount);
      }
      out.docs.push_back(doc);
      out.first_stage.push_back(hits[rank].score);
    }
  }
  DenseIndex* dense = unit_query == nullptr ? nullptr : dense_index();
  if (dense == nullptr) return out;
  // The nearest records by cosine that BM25 did not find join as candidates "below its cut-off"
  // (first-stage score 0, rank depth + 1); filters drop some, so ask for more when filtering.
  std::unordered_set<Xapian::docid> seen(out.docs.begin(), out.docs.end());
  size_t added = 0;
  for (const DenseIndex::Hit& hit :
       dense->search(unit_query, filtering(filter) ? 4 * kDenseDepth : kDenseDepth)) {
    auto doc_id = static_cast<Xapian::docid>(hit.label);
    if (added == kDenseDepth) break;
    if (!seen.insert(doc_id).second) continue;
    Xapian::Document doc = db.get_document(doc_id);
    if (!passes(doc, filter)) continue;
    ++added;
    if (with_features) {
      out.features.resize(out.features.size() + kFeatureCount);
      DocFields fields = DocFields::parse(doc.get_value(kSlotFields));
      CandidateScore c{0, best, depth + 1};
      compute_features(q, fields, corpus, c,
                       out.features.data() + out.features.size() - kFeatureCount);
    }
    out.docs.push_back(doc_id);
    out.first_stage.push_back(0);
  }
  for (Xapian::docid d : out.docs) out.cosine.push_back(dense->cosine(d, unit_query).value_or(NAN));
  return out;
}

Matcher::Matcher(const std::filesystem::path& kb, const std::filesystem::path& model)
    : impl_(std::make_unique<Impl>(kb)) {
  std::filesystem::path path = model;
  if (path.empty() && std::filesystem::exists(kb / "reranker.model")) path = kb / "reranker.model";
  if (path.empty()) return;
  impl_->dense_model = Reranker::features_of(path) == kFeatureCount + kDenseFeatureCount;
  impl_->reranker =
      Reranker::load(path, impl_->dense_model ? kFeatureCount + kDenseFeatureCount : kFeatureCount);
}

Matcher::~Matcher() = default;

bool Matcher::has_model() const {
  return impl_->reranker.has_value();
}

bool Matcher::refresh() {
  if (!impl_->db.reopen()) return false;
  impl_->load_stats();
  impl_->dense.reset();  // vectors may have been added with the records: reopened when next asked
  return true;
}

bool Matcher::has_dense_model() const {
  return impl_->reranker.has_value() && impl_->dense_model;
}

size_t Matcher::kb_size() const {
  return impl_->db.get_doccount();
}

size_t Matcher::dense_dim() const {
  return impl_->dense_index() ? impl_->dense_index()->dim() : 0;
}

std::vector<Match> Matcher::match(std::string_view text, size_t k, const MatchFilter& filter,
                                  bool first_stage_only, std::span<const float> query_vector) {
  bool rerank = impl_->reranker && !first_stage_only;
  std::vector<float> unit(query_vector.begin(), query_vector.end());
  bool dense = !unit.empty();
  if (dense) {
    if (unit.size() != dense_dim())
      throw UsageError(
          dense_dim() == 0
              ? std::string("a query vector was given but the KB holds no vectors (index them "
                            "with `lockstep claims index --vectors FILE --vector-ids IDS`)")
              : fmt::format("the query vector has dimension {}, the KB's vectors {}", unit.size(),
                            dense_dim()));
    normalise(unit.data(), unit.size());
  }
  // Fusion needs the lexical ranking deeper than k, as the re-ranker does.
  size_t depth = (rerank || dense) ? std::max(k, kCandidateDepth) : k;
  Candidates c = impl_->candidates(text, depth, filter, rerank, dense ? unit.data() : nullptr);
  // A dense model scores with the cosine features (NaN, missing, without a query vector).
  std::vector<float> cosine = dense ? c.cosine : std::vector<float>(c.docs.size(), NAN);
  std::vector<double> lexical(c.first_stage);
  if (rerank && !c.docs.empty()) {
    std::vector<float> s =
        impl_->dense_model
            ? impl_->reranker->predict(append_dense_features(c.features, kFeatureCount, cosine),
                                       kFeatureCount + kDenseFeatureCount)
            : impl_->reranker->predict(c.features, kFeatureCount);
    lexical.assign(s.begin(), s.end());
  }
  // Without a model trained with vectors, the lexical and the cosine rankings meet by reciprocal
  // rank fusion (fusion.h); the dense model's score already weighs the cosine.
  bool fuse = dense && !(rerank && impl_->dense_model);
  std::vector<double> score = fuse ? reciprocal_rank_fusion(lexical, c.cosine) : lexical;
  std::vector<size_t> order(c.docs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return score[x] > score[y]; });
  std::vector<Match> out;
  for (size_t i = 0; i < order.size() && out.size() < k; ++i) {
    size_t j = order[i];
    Match m;
    record_from_json(impl_->db.get_document(c.docs[j]).get_value(kSlotRecord), m.record);
    m.score = score[j];
    m.bm25 = c.first_stage[j];
    m.probability = rerank ? impl_->reranker->probability(lexical[j]) : 0;
    if (dense && !std::isnan(c.cosine[j])) m.cosine = c.cosine[j];
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace lockstep::claims
