// `lockstep claims index`: records -> the KB's Xapian database, added to what is there.
#include <fmt/format.h>
#include <xapian.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "base/error.h"
#include "base/hash.h"
#include "claims/analyzer.h"
#include "claims/claims.h"
#include "claims/dense_index.h"
#include "claims/fold.h"
#include "claims/kb_format.h"
#include "claims/lexical_index.h"
#include "ingest/input_file.h"
#include "ingest/quarantine.h"
#include "text/text.h"

namespace lockstep::claims {

namespace {

// Xapian terms are at most 245 bytes; longer ones (a pasted URL, a wall of digits) are hashed.
std::string term(char prefix, std::string_view body) {
  if (body.size() + 1 <= 200) return prefix + std::string(body);
  return fmt::format("{}#{:016x}", prefix, hash_bytes(body));
}

double metadata_number(const Xapian::Database& db, std::string_view key) {
  std::string v = db.get_metadata(std::string(key));
  return v.empty() ? 0.0 : std::strtod(v.c_str(), nullptr);
}

// A record analysed and made into its Xapian document, waiting for the dedupe decision.
struct Prepared {
  Xapian::Document doc;
  std::string url_term, key_term, id_term;
  size_t claim_len = 0, title_len = 0;
};

// Stores prepared records on a thread of its own, in the order they were handed over, so that
// text analysis (the caller's thread) and Xapian's writing each have a core; the result is the
// same as storing them one by one. An error while storing stops it: later hand-overs and
// finish() rethrow it.
class StoreThread {
 public:
  explicit StoreThread(std::function<void(Prepared&)> store)
      : store_(std::move(store)), worker_([this] { run(); }) {}
  ~StoreThread() {
    try {
      finish();
    } catch (...) {  // NOLINT(bugprone-empty-catch): reported by finish() when the caller asks
    }
  }
  StoreThread(const StoreThread&) = delete;
  StoreThread& operator=(const StoreThread&) = delete;

  void push(Prepared&& p) {
    current_.push_back(std::move(p));
    if (current_.size() < kBatch) return;
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return queued_.size() < kInFlight || error_; });
    if (error_) std::rethrow_exception(error_);
    queued_.push_back(std::move(current_));
    current_.clear();
    cv_.notify_all();
  }

  // Waits until everything handed over is stored; rethrows the storing error, if any.
  void finish() {
    if (worker_.joinable()) {
      {
        std::lock_guard lock(mu_);
        if (!error_ && !current_.empty()) queued_.push_back(std::move(current_));
        current_.clear();
        closing_ = true;
        cv_.notify_all();
      }
      worker_.join();
    }
    std::lock_guard lock(mu_);
    if (error_) std::rethrow_exception(error_);
  }

 private:
  static constexpr size_t kBatch = 256;
  static constexpr size_t kInFlight = 4;  // batches queued at most: bounds memory

  void run() {
    for (;;) {
      std::vector<Prepared> batch;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !queued_.empty() || closing_; });
        if (queued_.empty()) return;
        batch = std::move(queued_.front());
        queued_.pop_front();
        cv_.notify_all();
      }
      try {
        for (Prepared& p : batch) store_(p);
      } catch (...) {
        std::lock_guard lock(mu_);
        error_ = std::current_exception();
        queued_.clear();
        cv_.notify_all();
        return;
      }
    }
  }

  std::function<void(Prepared&)> store_;
  std::vector<Prepared> current_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<Prepared>> queued_;
  bool closing_ = false;
  std::exception_ptr error_;
  std::thread worker_;  // last: starts after the state it uses exists
};

class KbWriter final : public RecordSink {
 public:
  KbWriter(Xapian::WritableDatabase& db, const std::string& path, ingest::Quarantine& quarantine,
           bool strict)
      : db_(db), quarantine_(quarantine), strict_(strict) {
    claim_len_sum_ = metadata_number(db, kClaimLenSum);
    title_len_sum_ = metadata_number(db, kTitleLenSum);
    if (db.get_doccount() > 0) committed_.emplace(path);  // its own reader: what was there
  }

  void start_file(const std::string& path, IndexReport* report) {
    file_ = path;
    report_ = report;
  }

  // Analysis here, in the reader's thread; dedupe and Xapian in the store thread.
  void accept(ClaimRecord&& r) override {
    ++report_->records;
    Prepared p;
    Analysis claim = analyzer_.analyze(r.claim, r.lang, false);
    if (r.lang.empty()) r.lang = claim.lang;  // detected; the record says which
    Analysis title = analyzer_.analyze(r.title, claim.lang, false);
    std::string key = fold_key(r.claim);
    std::string reviewer = fold_key(r.site.empty() ? r.publisher : r.site);
    if (r.id.empty()) r.id = fmt::format("claim-{:016x}", hash_bytes(key + '\n' + reviewer));
    p.url_term = r.review_url.empty() ? "" : term('U', text::normalize_url(r.review_url));
    p.key_term = reviewer.empty() ? "" : fmt::format("K{:016x}", hash_bytes(key + '\n' + reviewer));
    p.id_term = term('Q', r.id);

    Xapian::Document& doc = p.doc;
    doc.add_value(kSlotRecord, record_to_json(r));
    for (const std::string* t : {&p.url_term, &p.key_term, &p.id_term})
      if (!t->empty()) doc.add_boolean_term(*t);
    if (!r.lang.empty()) doc.add_boolean_term(term('L', language_key(r.lang)));
    if (!r.publisher.empty()) doc.add_boolean_term(term('P', fold_key(r.publisher)));
    if (!r.site.empty()) doc.add_boolean_term(term('P', fold_key(r.site)));
    // The first stage's terms are not given to Xapian: KB/lexical.idx is built from these fields
    // (lexical_index.h), which is what makes indexing fast.
    DocFields fields;
    fields.claim_stems = std::move(claim.stems);
    fields.title_stems = std::move(title.stems);
    fields.claim_ascii = std::move(claim.ascii);
    fields.title_ascii = std::move(title.ascii);
    fields.numbers = std::move(claim.numbers);
    fields.numbers.insert(fields.numbers.end(), title.numbers.begin(), title.numbers.end());
    fields.entities = std::move(claim.entities);
    fields.entities.insert(fields.entities.end(), title.entities.begin(), title.entities.end());
    fields.ascii_stems = std::move(claim.ascii_stems);
    fields.ascii_stems.insert(fields.ascii_stems.end(), title.ascii_stems.begin(),
                              title.ascii_stems.end());
    fields.script_words = std::move(claim.script_words);
    fields.script_words.insert(fields.script_words.end(), title.script_words.begin(),
                               title.script_words.end());
    if (!r.claimant.empty()) fields.claimant = analyzer_.analyze(r.claimant, r.lang, false).ascii;
    fields.day = day_of(r.claim_date);
    if (!fields.day) fields.day = day_of(r.review_date);
    auto review_day = day_of(r.review_date);
    if (review_day) doc.add_value(kSlotDay, Xapian::sortable_serialise(double(*review_day)));
    doc.add_value(kSlotFields, fields.serialize());
    p.claim_len = fields.claim_stems.size();
    p.title_len = fields.title_stems.size();
    store_.push(std::move(p));
  }

  // The same review seen twice (a page and the API) replaces; the same claim by the same
  // reviewer under another URL is a duplicate. Tables without reviewers dedupe by id only.
  void store(Prepared& p) {
    Xapian::docid existing = 0;
    for (const std::string* t : {&p.url_term, &p.id_term})
      if (!t->empty() && existing == 0) existing = find(*t);
    if (existing == 0 && !p.key_term.empty() && find(p.key_term) != 0) {
      ++duplicates_;
      return;
    }
    if (!primed_) {  // the records already in the KB go first into the lexical index
      primed_ = true;
      if (committed_)
        for (auto it = committed_->valuestream_begin(kSlotFields);
             it != committed_->valuestream_end(kSlotFields); ++it)
          lexical_.add(it.get_docid(), *it);
    }
    claim_len_sum_ += double(p.claim_len);
    title_len_sum_ += double(p.title_len);
    if (existing != 0) {
      lexical_stale_ = true;  // a record replaced: its old terms are in the index being built
      DocFields old = DocFields::parse(db_.get_document(existing).get_value(kSlotFields));
      claim_len_sum_ -= double(old.claim_stems.size());
      title_len_sum_ -= double(old.title_stems.size());
      db_.replace_document(existing, p.doc);
      ++replaced_;
    } else {
      existing = db_.add_document(p.doc);
      lexical_.add(existing, p.doc.get_value(kSlotFields));
      ++added_count_;
    }
    for (const std::string* t : {&p.url_term, &p.key_term, &p.id_term})
      if (!t->empty()) added_[*t] = existing;
  }

  // The document holding a unique term, 0 if none. Terms added by this run are looked up in
  // memory and earlier ones in the last committed revision: asking the writable database would
  // make Xapian merge its pending changes on every record (most of the indexing time).
  Xapian::docid find(const std::string& t) {
    auto it = added_.find(t);
    if (it != added_.end()) return it->second;
    if (!committed_) return 0;
    Xapian::PostingIterator p = committed_->postlist_begin(t);
    return p != committed_->postlist_end(t) ? *p : 0;
  }

  void reject(std::string_view where, std::string_view reason, std::string_view raw) override {
    ++report_->rejected;
    if (strict_)
      throw UsageError(fmt::format("{}: {}: {} (without --strict bad records are quarantined)",
                                   file_, where, reason));
    // The quarantine's line column holds the record's position; "where" says line or record.
    // (the first number in it: "line 4: record 2" is on line 4).
    uint64_t n = 0;
    size_t at = where.find_first_of("0123456789");
    for (; at < where.size() && where[at] >= '0' && where[at] <= '9'; ++at)
      n = n * 10 + static_cast<uint64_t>(where[at] - '0');
    quarantine_.write(file_, n, "rejected", fmt::format("{}: {}", where, reason), raw);
  }

  // Stores what is still queued, then the statistics, and commits.
  void finish() {
    store_.finish();
    report_->duplicates += duplicates_;
    report_->replaced += replaced_;
    report_->added += added_count_;
    db_.set_metadata(std::string(kClaimLenSum), fmt::format("{}", claim_len_sum_));
    db_.set_metadata(std::string(kTitleLenSum), fmt::format("{}", title_len_sum_));
    db_.commit();
  }

  // KB/lexical.idx for the committed KB: the one built while storing, unless a record was
  // replaced (then built again from the KB).
  void write_lexical(const std::filesystem::path& kb) {
    if (lexical_stale_ || !primed_)
      LexicalIndex::write(kb, db_);
    else
      LexicalIndex::write(kb, lexical_.finish(db_));
  }

 private:
  Xapian::WritableDatabase& db_;
  ingest::Quarantine& quarantine_;
  bool strict_;
  Analyzer analyzer_;
  std::string file_;
  IndexReport* report_ = nullptr;
  double claim_len_sum_ = 0, title_len_sum_ = 0;
  std::unordered_map<std::string, Xapian::docid> added_;
  std::optional<Xapian::Database> committed_;
  uint64_t duplicates_ = 0, replaced_ = 0, added_count_ = 0;  // the store thread's counts
  LexicalIndex::Builder lexical_;                             // fed by the store thread
  bool primed_ = false, lexical_stale_ = false;
  StoreThread store_{[this](Prepared& p) { store(p); }};  // last: uses the state above
};

// The KB's vector index, ready for `vectors` (opened, or new when the KB has none yet); refuses
// another dimension before anything is written.
std::unique_ptr<DenseIndex> dense_for(const std::filesystem::path& kb, const IdVectors& vectors,
                                      const std::string& vectors_name) {
  auto dense = std::filesystem::exists(kb) ? DenseIndex::open(kb) : nullptr;
  if (!dense) return std::make_unique<DenseIndex>(vectors.vectors.dim);
  if (dense->dim() != vectors.vectors.dim)
    throw UsageError(fmt::format(
        "{} has vectors of dimension {}, the KB {} holds dimension {}: a KB takes vectors from "
        "one model; build another KB for another model",
        vectors_name, vectors.vectors.dim, kb.string(), dense->dim()));
  return dense;
}

// Stores each vector under its record's document id (which replacing a record keeps).
void attach_vectors(const Xapian::Database& db, const IdVectors& vectors, DenseIndex& dense,
                    IndexReport& report) {
  for (size_t i = 0; i < vectors.ids.size(); ++i) {
    std::string t = term('Q', vectors.ids[i]);
    Xapian::PostingIterator p = db.postlist_begin(t);
    if (p == db.postlist_end(t)) {
      if (report.vectors_unknown++ == 0) report.first_unknown_id = vectors.ids[i];
      continue;
    }
    ++(dense.upsert(*p, vectors.vectors.row(i)) ? report.vectors_replaced : report.vectors_added);
  }
  report.kb_vectors = dense.size();
  report.vector_dim = dense.dim();
}

}  // namespace

IndexReport index_kb(const std::vector<std::string>& inputs, const std::filesystem::path& kb,
                     bool strict, const IdVectors* vectors) {
  auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (std::filesystem::exists(kb) && !std::filesystem::is_directory(kb))
    throw UsageError(
        fmt::format("{} exists and is not a KB directory; choose another --out", kb.string()));
  if (std::filesystem::is_directory(kb) && !std::filesystem::is_empty(kb) &&
      !std::filesystem::exists(kb / "xapian"))
    throw UsageError(fmt::format(
        "{} is a non-empty directory but not a KB (no xapian/ inside); choose another --out",
        kb.string()));
  std::unique_ptr<DenseIndex> dense = vectors ? dense_for(kb, *vectors, vectors->source) : nullptr;
  std::filesystem::create_directories(kb, ec);
  if (ec) throw IoError(fmt::format("cannot create {}: {}", kb.string(), ec.message()));
  IndexReport report;
  try {
    std::string path = (kb / "xapian").string();
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    if (db.get_doccount() > 0 && db.get_metadata(std::string(kLayoutKey)) != kLayout)
      throw UsageError(old_layout_message(kb));
    db.set_metadata(std::string(kLayoutKey), std::string(kLayout));
    ingest::Quarantine quarantine(kb / "quarantine.ndjson");
    KbWriter writer(db, path, quarantine, strict);
    writer.start_file("", &report);
    for (const std::string& path : inputs) {
      ingest::InputFile in(path);  // gzip/zstd transparent; throws with the path on errors
      std::string content = in.read_rest();
      if (!in.stream_error().empty()) throw IoError(fmt::format("{}: {}", path, in.stream_error()));
      writer.start_file(path, &report);
      read_records(content, writer);
    }
    writer.finish();
    quarantine.flush();
    writer.write_lexical(kb);
    report.kb_records = db.get_doccount();
    if (dense) {
      attach_vectors(db, *vectors, *dense, report);
      dense->save(kb);
    }
  } catch (const Xapian::Error& e) {
    throw IoError(fmt::format("KB {}: {}", kb.string(), e.get_description()));
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

std::vector<ClaimRecord> read_kb(const std::filesystem::path& kb) {
  std::vector<ClaimRecord> out;
  try {
    Xapian::Database db((kb / "xapian").string());
    for (auto it = db.valuestream_begin(kSlotRecord); it != db.valuestream_end(kSlotRecord); ++it) {
      ClaimRecord r;
      if (record_from_json(*it, r)) out.push_back(std::move(r));
    }
  } catch (const Xapian::Error& e) {
    throw IoError(fmt::format("KB {}: {}", kb.string(), e.get_description()));
  }
  return out;
}

}  // namespace lockstep::claims
