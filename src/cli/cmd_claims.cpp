// `lockstep claims index|match|train|eval`: the fact-check knowledge base and claim matching.
#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>

#include "base/error.h"
#include "base/time_parse.h"
#include "claims/claims.h"
#include "cli/commands.h"
#include "ingest/input_file.h"
#include "report/report.h"
#include "store/dataset.h"

namespace lockstep::cli {

namespace {

struct MatchArgs {
  std::string kb, model, input, out, lang, publisher, since, until, format = "auto", map;
  std::string query_vectors, query_vector_ids;
  std::vector<std::string> text;
  size_t k = 0;
};

// --X-vectors with its --X-vector-ids sidecar; ids may be left out for a one-row file (one text).
std::optional<claims::IdVectors> vectors_option(const std::string& vectors, const std::string& ids,
                                                const char* flag, bool one_text = false) {
  std::string ids_flag = std::string(flag).substr(0, std::strlen(flag) - 1) + "-ids";
  if (vectors.empty() && ids.empty()) return std::nullopt;
  if (vectors.empty()) throw UsageError(fmt::format("{} needs {}", ids_flag, flag));
  if (ids.empty()) {
    claims::IdVectors v;
    v.source = vectors;
    v.vectors = claims::read_vectors(vectors);
    if (!one_text || v.vectors.rows != 1)
      throw UsageError(fmt::format(
          "{} needs {} FILE (one id per line, in row order){}", flag, ids_flag,
          one_text ? "; only a single-row file may go without, for a single TEXT" : ""));
    return v;
  }
  return claims::read_id_vectors(vectors, ids);
}

// A post's vector: by id, or the only row when matching one TEXT; empty when it has none.
std::span<const float> vector_of(const std::optional<claims::IdVectors>& v, const std::string& id) {
  if (!v) return {};
  const float* row = v->ids.empty() ? v->vectors.row(0) : v->find(id);
  return row == nullptr ? std::span<const float>() : std::span<const float>(row, v->vectors.dim);
}

// Refuses vectors the KB cannot compare with, before any matching.
void check_query_vectors(const std::optional<claims::IdVectors>& v, const claims::Matcher& matcher,
                         const std::string& kb) {
  if (!v) return;
  if (matcher.dense_dim() == 0)
    throw UsageError(fmt::format(
        "{}: the KB {} holds no vectors; index them with `lockstep claims index --out {} "
        "--vectors FILE --vector-ids IDS`",
        v->source, kb, kb));
  if (matcher.dense_dim() != v->vectors.dim)
    throw UsageError(
        fmt::format("{} has dimension {}, the KB's vectors {}: use the same model "
                    "for posts and records",
                    v->source, v->vectors.dim, matcher.dense_dim()));
}

void warn_dense_model(const claims::Matcher& matcher, bool has_vectors) {
  if (matcher.has_dense_model() && !has_vectors)
    std::fprintf(stderr,
                 "the re-ranker was trained with vectors and none are given (--query-vectors): "
                 "its cosine features are missing for every post\n");
}

std::optional<int64_t> day_option(const std::string& value, const char* name) {
  if (value.empty()) return std::nullopt;
  auto ms = parse_time_ms(value);
  if (!ms) throw UsageError(fmt::format("{} '{}': write a date as YYYY-MM-DD", name, value));
  return *ms >= 0 ? *ms / 86400000 : -((-*ms + 86399999) / 86400000);
}

// A TSV whose header has exactly two tab-separated columns is CheckThat!'s id<TAB>text.
bool is_id_text_tsv(const std::string& path) {
  ingest::InputFile in(path);
  std::string_view line;
  if (in.next_line(line) != ingest::InputFile::Line::ok) return false;
  return std::count(line.begin(), line.end(), '\t') == 1;
}

std::vector<claims::Query> read_posts(const MatchArgs& a) {
  store::EventTable t;
  // A DATASET: the posts of an analysis, so that its report can show their matches.
  if (store::is_dataset(a.input)) {
    t = store::load_table(a.input);
  } else {
    if (a.format == "auto" && is_id_text_tsv(a.input)) return claims::read_queries_tsv(a.input);
    ingest::IngestReport report;
    t = ingest::ingest_inputs({a.input}, ingest_options(a.format, a.map, false), "", &report);
    if (report.rejected() > 0)
      std::fprintf(stderr,
                   "%s: %llu records could not be read (run `lockstep ingest` to see why)\n",
                   a.input.c_str(), static_cast<unsigned long long>(report.rejected()));
  }
  std::vector<claims::Query> out;
  for (size_t e = 0; e < t.size(); ++e) {
    if (t.kind_of(e) == store::EventKind::repost || t.text_of(e).empty()) continue;
    out.push_back({std::string(t.post_ids[t.post[e]]), std::string(t.text_of(e))});
  }
  return out;
}

void print_matches(const std::vector<claims::Match>& matches, bool calibrated) {
  if (matches.empty()) std::printf("no fact-check in the KB shares words with this text\n");
  for (size_t i = 0; i < matches.size(); ++i) {
    const claims::Match& m = matches[i];
    const claims::ClaimRecord& r = m.record;
    // Terminal output: control characters from records are not passed to the terminal.
    auto clean = [](std::string s) {
      for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
      return s;
    };
    std::printf("%zu. [%s] %s\n", i + 1, claims::to_string(r.verdict), clean(r.claim).c_str());
    std::string cosine = m.cosine ? fmt::format(", cosine {:.3f}", *m.cosine) : "";
    if (calibrated)
      std::printf("   match probability %.2f (score %.3f, bm25 %.2f%s)\n", m.probability, m.score,
                  m.bm25, cosine.c_str());
    else
      std::printf("   bm25 %.2f%s\n", m.bm25, cosine.c_str());
    std::string by = r.publisher.empty() ? r.site : r.publisher;
    std::printf("   id %s", clean(r.id).c_str());
    if (!r.rating.empty()) std::printf("; rated \"%s\"", clean(r.rating).c_str());
    if (!by.empty()) std::printf(" by %s", clean(by).c_str());
    if (!r.review_date.empty()) std::printf(" on %s", clean(r.review_date).c_str());
    if (!r.claimant.empty()) std::printf("; claimed by %s", clean(r.claimant).c_str());
    std::printf("\n");
    if (!r.review_url.empty()) std::printf("   %s\n", clean(r.review_url).c_str());
  }
}

void run_match(const MatchArgs& a) {
  claims::Matcher matcher(a.kb, a.model);
  auto vectors =
      vectors_option(a.query_vectors, a.query_vector_ids, "--query-vectors", a.input.empty());
  check_query_vectors(vectors, matcher, a.kb);
  warn_dense_model(matcher, vectors.has_value());
  claims::MatchFilter filter{a.lang, a.publisher, day_option(a.since, "--since"),
                             day_option(a.until, "--until")};
  if (a.input.empty()) {
    if (a.text.empty()) throw UsageError("give a TEXT to match, or --input POSTS --out CSV");
    std::string text;
    for (const std::string& t : a.text) text += (text.empty() ? "" : " ") + t;
    if (!matcher.has_model())
      std::fprintf(stderr,
                   "no re-ranker in the KB: BM25 order, no probabilities "
                   "(see `lockstep claims index --model`)\n");
    std::span<const float> v = vector_of(vectors, "");
    if (vectors && v.empty())
      throw UsageError(fmt::format("{}: with one TEXT, give a single-row file", a.query_vectors));
    print_matches(matcher.match(text, a.k == 0 ? 5 : a.k, filter, false, v), matcher.has_model());
    return;
  }
  if (a.out.empty()) throw UsageError("--input needs --out matches.csv");
  std::vector<claims::Query> posts = read_posts(a);
  std::ofstream out(a.out, std::ios::trunc);
  if (!out) throw IoError(fmt::format("cannot write {}", a.out));
  // The cosine column only with vectors: without, the file is what it always was.
  out << "query_id,rank,record_id,score,probability,bm25,verdict,rating,publisher,review_url,"
         "claim"
      << (vectors ? ",cosine\n" : "\n");
  size_t k = a.k == 0 ? 10 : a.k;
  size_t without_vector = 0;
  for (const claims::Query& q : posts) {
    std::span<const float> v = vector_of(vectors, q.id);
    without_vector += vectors && v.empty() ? 1 : 0;
    auto matches = matcher.match(q.text, k, filter, false, v);
    for (size_t i = 0; i < matches.size(); ++i) {
      const claims::Match& m = matches[i];
      const claims::ClaimRecord& r = m.record;
      out << report::csv_cell(q.id) << ',' << i + 1 << ',' << report::csv_cell(r.id) << ','
          << fmt::format("{:.6f},{:.6f},{:.4f}", m.score, m.probability, m.bm25) << ','
          << report::csv_cell(claims::to_string(r.verdict)) << ',' << report::csv_cell(r.rating)
          << ',' << report::csv_cell(r.publisher.empty() ? r.site : r.publisher) << ','
          << report::csv_cell(r.review_url) << ',' << report::csv_cell(r.claim);
      if (vectors) out << ',' << (m.cosine ? fmt::format("{:.6f}", *m.cosine) : "");
      out << '\n';
    }
  }
  out.close();
  if (!out) throw IoError(fmt::format("cannot write {}", a.out));
  std::fprintf(
      stderr, "%zu posts matched against %zu records%s%s -> %s\n", posts.size(), matcher.kb_size(),
      matcher.has_model() ? "" : " (BM25 only: no re-ranker)",
      vectors ? fmt::format(" with vectors ({} posts had none)", without_vector).c_str() : "",
      a.out.c_str());
}

void register_index(CLI::App& claims) {
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  auto model = std::make_shared<std::string>();
  auto strict = std::make_shared<bool>(false);
  auto vectors = std::make_shared<std::string>();
  auto vector_ids = std::make_shared<std::string>();
  auto* cmd = claims.add_subcommand(
      "index",
      "Add fact-check records (ClaimReview JSON-LD or HTML, Fact Check API JSON, "
      "TSV/CSV) to a KB; an existing KB is extended");
  cmd->add_option("inputs", *inputs,
                  "Record files (gzip/zstd allowed); none when only adding --vectors");
  cmd->add_option("--out", *out, "KB directory")->required();
  cmd->add_option("--model", *model,
                  "Re-ranker to install in the KB (e.g. data/claims/reranker.model)");
  cmd->add_flag("--strict", *strict, "Stop at the first bad record");
  cmd->add_option("--vectors", *vectors,
                  "Record embeddings (.npy float32/float64 2-D, or .fvecs) for dense matching");
  cmd->add_option("--vector-ids", *vector_ids, "Record id of each --vectors row, one per line");
  cmd->callback([=]() {
    auto v = vectors_option(*vectors, *vector_ids, "--vectors");
    if (inputs->empty() && !v) throw UsageError("give record files to index (or --vectors)");
    auto r = claims::index_kb(*inputs, *out, *strict, v ? &*v : nullptr);
    if (!model->empty()) {
      std::error_code ec;
      std::filesystem::copy_file(*model, std::filesystem::path(*out) / "reranker.model",
                                 std::filesystem::copy_options::overwrite_existing, ec);
      if (ec) throw IoError(fmt::format("cannot install {}: {}", *model, ec.message()));
    }
    std::fprintf(
        stderr,
        "KB %s: %llu records read: %llu added, %llu replaced, %llu duplicate, %llu "
        "rejected; %llu in the KB (%.2f s, %.0f records/s)%s\n",
        out->c_str(), static_cast<unsigned long long>(r.records),
        static_cast<unsigned long long>(r.added), static_cast<unsigned long long>(r.replaced),
        static_cast<unsigned long long>(r.duplicates), static_cast<unsigned long long>(r.rejected),
        static_cast<unsigned long long>(r.kb_records), r.seconds,
        r.seconds > 0 ? double(r.records) / r.seconds : 0.0,
        r.rejected > 0 ? fmt::format(" (see {}/quarantine.ndjson)", *out).c_str() : "");
    if (v)
      std::fprintf(
          stderr,
          "vectors: %llu added, %llu replaced, %llu for ids not in the KB%s; %llu in the "
          "KB (dimension %zu)\n",
          static_cast<unsigned long long>(r.vectors_added),
          static_cast<unsigned long long>(r.vectors_replaced),
          static_cast<unsigned long long>(r.vectors_unknown),
          r.vectors_unknown > 0 ? fmt::format(" (first: '{}')", r.first_unknown_id).c_str() : "",
          static_cast<unsigned long long>(r.kb_vectors), r.vector_dim);
  });
}

void register_match(CLI::App& claims) {
  auto a = std::make_shared<MatchArgs>();
  auto* cmd =
      claims.add_subcommand("match", "Fact-checks that address a text or each post of a file");
  cmd->add_option("text", a->text, "Text to match (quote it)");
  cmd->add_option("--kb", a->kb, "KB directory from `claims index`")->required();
  cmd->add_option("--input", a->input,
                  "Posts: id<TAB>text TSV with a header, any ingest format, or a DATASET");
  cmd->add_option("--out", a->out, "CSV: query_id,rank,record_id,score,probability,...");
  cmd->add_option("-k,--top", a->k, "Records per text (default 5, 10 with --input)");
  cmd->add_option("--model", a->model, "Re-ranker file (default KB/reranker.model if present)");
  cmd->add_option("--lang", a->lang, "Only records in this language (ISO 639-1)");
  cmd->add_option("--publisher", a->publisher, "Only records by this publisher name or site");
  cmd->add_option("--since", a->since, "Only reviews on or after this date (YYYY-MM-DD)");
  cmd->add_option("--until", a->until, "Only reviews on or before this date (YYYY-MM-DD)");
  cmd->add_option("--format", a->format, "Format of --input (default: detected)");
  cmd->add_option("--map", a->map, "field=column,... for a CSV --input");
  cmd->add_option("--query-vectors", a->query_vectors,
                  "Post embeddings (.npy or .fvecs, the KB's model): fused with BM25");
  cmd->add_option("--query-vector-ids", a->query_vector_ids,
                  "Post id of each --query-vectors row, one per line");
  cmd->callback([=]() { run_match(*a); });
}

void register_train(CLI::App& claims) {
  auto kb = std::make_shared<std::string>();
  auto queries = std::make_shared<std::string>();
  auto qrels = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto options = std::make_shared<claims::TrainOptions>();
  auto qvectors = std::make_shared<std::string>();
  auto qvector_ids = std::make_shared<std::string>();
  auto* cmd = claims.add_subcommand(
      "train", "Train the re-ranker on labelled queries (e.g. CheckThat! train split)");
  cmd->add_option("--kb", *kb, "KB holding the labelled records")->required();
  cmd->add_option("--queries", *queries, "id<TAB>text TSV with a header")->required();
  cmd->add_option("--qrels", *qrels, "TREC qrels: query 0 record 1")->required();
  cmd->add_option("--out", *out, "Model file (default KB/reranker.model)");
  cmd->add_option("--seed", options->seed, "Random seed (fold assignment, XGBoost)");
  cmd->add_option("--rounds", options->rounds, "Boosting rounds");
  cmd->add_option("--depth", options->max_depth, "Tree depth");
  cmd->add_option("--eta", options->eta, "Learning rate");
  cmd->add_option("--objective", options->objective, "rank:pairwise, rank:ndcg or rank:map");
  cmd->add_option("--query-vectors", *qvectors,
                  "Query embeddings: train a model with the cosine features (KB with vectors)");
  cmd->add_option("--query-vector-ids", *qvector_ids, "Query id of each --query-vectors row");
  cmd->callback([=]() {
    std::string path =
        out->empty() ? (std::filesystem::path(*kb) / "reranker.model").string() : *out;
    auto v = vectors_option(*qvectors, *qvector_ids, "--query-vectors");
    auto r = claims::train_reranker(*kb, claims::read_queries_tsv(*queries),
                                    claims::read_qrels(*qrels), path, *options, v ? &*v : nullptr);
    std::printf(
        "trained on %zu queries, %zu candidates (%zu relevant among them)\n"
        "%d-fold cross-validation on these queries: MAP@5 %.4f (BM25 first stage %.4f)\n"
        "calibration: P(match) = 1 / (1 + exp(%.4f * score + %.4f))\nmodel: %s\n",
        r.queries, r.candidates, r.positives_in_candidates, options->folds, r.cv_map5,
        r.cv_bm25_map5, r.platt_a, r.platt_b, path.c_str());
  });
}

void register_eval(CLI::App& claims) {
  auto kb = std::make_shared<std::string>();
  auto queries = std::make_shared<std::string>();
  auto qrels = std::make_shared<std::string>();
  auto run_path = std::make_shared<std::string>();
  auto model = std::make_shared<std::string>();
  auto bm25 = std::make_shared<bool>(false);
  auto qvectors = std::make_shared<std::string>();
  auto qvector_ids = std::make_shared<std::string>();
  auto* cmd = claims.add_subcommand(
      "eval", "Match labelled queries, write a TREC run, print MAP@1/3/5, recall@k and MRR");
  cmd->add_option("--kb", *kb, "KB directory")->required();
  cmd->add_option("--queries", *queries, "id<TAB>text TSV with a header")->required();
  cmd->add_option("--qrels", *qrels, "TREC qrels")->required();
  cmd->add_option("--run", *run_path, "TREC run file to write");
  cmd->add_option("--model", *model, "Re-ranker file (default KB/reranker.model if present)");
  cmd->add_flag("--bm25", *bm25, "First stage only, without the re-ranker");
  cmd->add_option("--query-vectors", *qvectors, "Query embeddings, fused as in `match`");
  cmd->add_option("--query-vector-ids", *qvector_ids, "Query id of each --query-vectors row");
  cmd->callback([=]() {
    claims::Matcher m(*kb, *model);
    auto vectors = vectors_option(*qvectors, *qvector_ids, "--query-vectors");
    check_query_vectors(vectors, m, *kb);
    warn_dense_model(m, vectors.has_value());
    claims::Run run;
    std::FILE* trec = nullptr;
    if (!run_path->empty()) {
      trec = std::fopen(run_path->c_str(), "w");
      if (trec == nullptr) throw IoError(fmt::format("cannot write {}", *run_path));
    }
    auto qs = claims::read_queries_tsv(*queries);
    for (const auto& q : qs) {
      auto matches = m.match(q.text, 50, {}, *bm25, vector_of(vectors, q.id));
      auto& ranked = run[q.id];
      for (size_t i = 0; i < matches.size(); ++i) {
        ranked.push_back(matches[i].record.id);
        if (trec != nullptr)
          std::fprintf(trec, "%s\tQ0\t%s\t%zu\t%.6f\tlockstep\n", q.id.c_str(),
                       matches[i].record.id.c_str(), i + 1,
                       (*bm25 && !vectors) ? matches[i].bm25 : matches[i].score);
      }
    }
    if (trec != nullptr) std::fclose(trec);
    auto metrics = claims::evaluate_run(run, claims::read_qrels(*qrels));
    std::string what = (*bm25 || !m.has_model()) ? "BM25" : "BM25 + re-ranker";
    if (vectors)
      what += (m.has_dense_model() && !*bm25) ? " (trained with vectors)" : " + vectors (RRF)";
    std::printf("%s on %zu queries\nMAP@1 %.4f\nMAP@3 %.4f\nMAP@5 %.4f\nMRR   %.4f\n", what.c_str(),
                metrics.queries, metrics.map1, metrics.map3, metrics.map5, metrics.mrr);
    for (const auto& [k, v] : metrics.recall) std::printf("recall@%d %.4f\n", k, v);
  });
}

}  // namespace

void register_claims(CLI::App& app) {
  auto* claims = app.add_subcommand(
      "claims", "Fact-check matching: index ClaimReview records, match posts against them");
  claims->require_subcommand(1);
  register_index(*claims);
  register_match(*claims);
  register_train(*claims);
  register_eval(*claims);
}

}  // namespace lockstep::cli
