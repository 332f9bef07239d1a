// The first stage's inverted index: every record's stems (S), ASCII words and ASCII stems (A) and
// character 4-grams of non-Latin words (G), scored with BM25 exactly as Xapian's BM25Weight
// (k1 1.2, k2 0, k3 1, b 0.75, min_normlen 0.5) would score the same terms.
//
// Why not Xapian's own postings: on a 200,000-record KB its OR query took ~8 ms per tweet (84% of
// it reading and decoding posting lists) and writing those terms ~80% of the indexing time. This
// index is built from the analysed fields the KB already stores (DocFields, value slot 1), written
// once per `claims index` run next to the Xapian database (KB/lexical.idx) and memory-mapped by
// every reader, so `serve`'s matchers share one copy in the page cache. The file names the Xapian
// revision it was built from; a reader that finds another revision (an index run between its
// commit and its write, or a damaged file) builds the same index in memory from the KB instead.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/mapped_file.h"

namespace lockstep::claims {

class LexicalIndex {
 public:
  // The file's name inside a KB directory.
  static constexpr const char* kFileName = "lexical.idx";

  // The index of `db`'s current revision: KB/lexical.idx when it was built from that revision,
  // else built in memory from the records' fields. Throws Xapian errors.
  static std::unique_ptr<LexicalIndex> open(const std::filesystem::path& kb,
                                            const Xapian::Database& db);
  // Builds the index of `db`'s current revision and writes it to KB/lexical.idx (atomically:
  // written aside, then renamed). Throws IoError when the file cannot be written.
  static void write(const std::filesystem::path& kb, const Xapian::Database& db);
  // The serialised index of `db`'s current revision (what write() puts in the file).
  static std::string build(const Xapian::Database& db);
  // Reads a serialised index (the bytes of a lexical.idx, 8-byte aligned, outliving the index)
  // without a KB: null when they are damaged. What open() does with the file; the fuzz target's
  // entry point (fuzz/fuzz_lexical.cpp).
  static std::unique_ptr<LexicalIndex> read(std::span<const std::byte> bytes);
  // Writes a serialised index to KB/lexical.idx, as above.
  static void write(const std::filesystem::path& kb, const std::string& bytes);

  // Builds the index document by document, in ascending document id order: `claims index` feeds
  // it as it stores records, so that building overlaps with analysing.
  class Builder {
   public:
    Builder();
    ~Builder();
    Builder(const Builder&) = delete;
    Builder& operator=(const Builder&) = delete;
    void add(Xapian::docid doc, std::string_view fields);  // fields: DocFields::serialize()
    // The serialised index; `db` holds exactly the documents added, at its current revision.
    std::string finish(const Xapian::Database& db);

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
  };

  struct Term {
    std::string_view term;  // prefixed: "S<stem>", "A<ascii word or stem>", "G<4-gram>"
    unsigned wqf = 1;       // times the query holds it
    double factor = 1;      // Xapian's OP_SCALE_WEIGHT on it
  };
  struct Hit {
    Xapian::docid doc;
    double score;
  };
  // Per-caller buffers (one per thread): a score per document.
  struct Scratch {
    std::vector<double> score;
    std::vector<Xapian::docid> touched;
  };

  // Documents holding the term (0 when none).
  uint32_t termfreq(std::string_view term) const;
  bool has_prefix(char prefix) const;  // any term with that prefix
  // The k best documents by BM25 over `terms` (OR), best first, ties by document id.
  // `allowed` (optional): indexed by document id, nonzero where a document may be returned.
  std::vector<Hit> search(std::span<const Term> terms, size_t k, Scratch& scratch,
                          const std::vector<uint8_t>* allowed = nullptr) const;
  uint32_t doc_count() const { return doc_count_; }
  Xapian::docid max_docid() const { return max_docid_; }
  uint64_t revision() const { return revision_; }
  size_t bytes() const { return bytes_.size(); }
  bool mapped() const { return mapped_ != nullptr; }

 private:
  struct DictEntry;
  LexicalIndex() = default;
  // Checks and adopts a serialised index; false when it is damaged.
  bool adopt(std::span<const std::byte> bytes);
  const DictEntry* find(std::string_view term) const;
  std::string_view name(const DictEntry& e) const;

  std::unique_ptr<MappedFile> mapped_;
  std::string owned_;
  std::span<const std::byte> bytes_;
  uint64_t revision_ = 0;
  uint32_t doc_count_ = 0, term_count_ = 0;
  Xapian::docid max_docid_ = 0;
  double avg_length_ = 1;
  const uint32_t* doc_length_ = nullptr;  // max_docid_ + 1 entries
  const DictEntry* dict_ = nullptr;       // term_count_ entries, sorted by term
  const char* strings_ = nullptr;
  size_t strings_size_ = 0;
  const uint8_t* postings_ = nullptr;
  size_t postings_size_ = 0;
  uint32_t prefix_mask_ = 0;  // bit (prefix - 'A') set when a term has that prefix
};

}  // namespace lockstep::claims
