#include "claims/lexical_index.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>

#include "base/error.h"
#include "base/hash.h"
#include "claims/analyzer.h"
#include "claims/kb_format.h"

namespace lockstep::claims {

static_assert(std::endian::native == std::endian::little, "lexical.idx is little-endian");

namespace {

constexpr char kMagic[8] = {'L', 'S', 'L', 'E', 'X', '0', '0', '1'};
// Xapian's BM25Weight as the first stage used it: BM25Weight(1.2, 0, 1, 0.75, 0.5).
constexpr double kK1 = 1.2, kK3 = 1, kB = 0.75, kMinNormLen = 0.5;

struct Header {
  char magic[8];
  uint64_t revision;
  char uuid[40];  // the Xapian database's, NUL-padded
  uint32_t doc_count, max_docid;
  uint64_t total_length;
  uint32_t term_count, prefix_mask;
  uint64_t doc_length_off, dict_off, strings_off, strings_size, postings_off, postings_size;
};

size_t align8(size_t n) {
  return (n + 7) & ~size_t{7};
}

void put_varint(std::string& out, uint32_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// Calls f(prefix, token) for every lexical term of a record's serialised DocFields, in the order
// the first stage counts them: stems (S), ASCII words and ASCII stems (A), character 4-grams of
// non-Latin words (G). Reads the fields as DocFields::parse does (kb_format.h).
template <typename F>
void for_each_term(std::string_view fields, F&& f) {
  std::vector<std::string> word(1);
  for_each_field(fields, [&](char name, std::string_view body) {
    char prefix = 0;
    switch (name) {
      case 'c':
      case 't':
        prefix = 'S';
        break;
      case 'C':
      case 'T':
      case 'x':
        prefix = 'A';
        break;
      case 'g':
        prefix = 'G';
        break;
      default:
        return;
    }
    for_each_token(body, [&](std::string_view token) {
      if (prefix != 'G') {
        f(prefix, token);
        return;
      }
      word[0].assign(token);
      for (const std::string& g : char_ngrams(word)) f('G', std::string_view(g));
    });
  });
}

class TermTable {
 public:
  void add(Xapian::docid doc, std::string_view fields) {
    doc_terms_.clear();
    uint32_t length = 0;
    for_each_term(fields, [&](char prefix, std::string_view token) {
      doc_terms_.push_back(intern(prefix, token));
      ++length;
    });
    std::sort(doc_terms_.begin(), doc_terms_.end());
    for (size_t i = 0; i < doc_terms_.size();) {
      size_t j = i;
      while (j < doc_terms_.size() && doc_terms_[j] == doc_terms_[i]) ++j;
      uint32_t t = doc_terms_[i];
      put_varint(postings_[t], doc - last_doc_[t]);
      put_varint(postings_[t], static_cast<uint32_t>(j - i));
      last_doc_[t] = doc;
      ++df_[t];
      i = j;
    }
    if (doc_length_.size() <= doc) doc_length_.resize(doc + 1, 0);
    doc_length_[doc] = length;
    total_length_ += length;
  }

  std::string serialise(uint64_t revision, std::string_view uuid, uint32_t doc_count,
                        Xapian::docid max_docid) {
    if (doc_length_.size() <= max_docid) doc_length_.resize(size_t{max_docid} + 1, 0);
    std::vector<uint32_t> order(hashes_.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return name(a) < name(b); });
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.revision = revision;
    std::memcpy(h.uuid, uuid.data(), std::min(uuid.size(), sizeof h.uuid));
    h.doc_count = doc_count;
    h.max_docid = max_docid;
    h.total_length = total_length_;
    h.term_count = static_cast<uint32_t>(hashes_.size());
    h.prefix_mask = prefix_mask_;
    h.doc_length_off = align8(sizeof(Header));
    h.dict_off = align8(h.doc_length_off + doc_length_.size() * sizeof(uint32_t));
    h.strings_off = h.dict_off + hashes_.size() * 32;
    size_t strings = 0, postings = 0;
    for (uint32_t t : order) {
      strings += name(t).size();
      postings += postings_[t].size();
    }
    h.strings_size = strings;
    h.postings_off = align8(h.strings_off + strings);
    h.postings_size = postings;
    std::string out(h.postings_off + postings, '\0');
    std::memcpy(out.data(), &h, sizeof h);
    std::memcpy(out.data() + h.doc_length_off, doc_length_.data(),
                doc_length_.size() * sizeof(uint32_t));
    size_t s = 0, p = 0;
    for (size_t i = 0; i < order.size(); ++i) {
      uint32_t t = order[i];
      uint32_t e[8] = {};
      e[0] = static_cast<uint32_t>(s);
      e[1] = static_cast<uint32_t>(name(t).size());
      e[2] = df_[t];
      uint64_t off = p, len = postings_[t].size();
      std::memcpy(e + 4, &off, 8);
      std::memcpy(e + 6, &len, 8);
      std::memcpy(out.data() + h.dict_off + i * 32, e, 32);
      std::memcpy(out.data() + h.strings_off + s, name(t).data(), name(t).size());
      std::memcpy(out.data() + h.postings_off + p, postings_[t].data(), postings_[t].size());
      s += name(t).size();
      p += postings_[t].size();
      std::string().swap(postings_[t]);  // the copy is made: free as we go
    }
    return out;
  }

 private:
  // The term's id, new terms numbered in order of appearance. An open-addressing table of ids
  // over the terms' hashes (a node per term, as std::unordered_map has, was 8% of indexing).
  uint32_t intern(char prefix, std::string_view token) {
    uint64_t h = hash_bytes(token, static_cast<unsigned char>(prefix));
    if ((hashes_.size() + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t slot = slots_[i];
      if (slot == 0) {
        auto id = static_cast<uint32_t>(hashes_.size());
        slots_[i] = id + 1;
        hashes_.push_back(h);
        name_at_.push_back(arena_.size());
        arena_ += prefix;
        arena_ += token;
        postings_.emplace_back();
        last_doc_.push_back(0);
        df_.push_back(0);
        prefix_mask_ |= prefix >= 'A' && prefix <= 'Z' ? 1u << (prefix - 'A') : 0;
        return id;
      }
      if (hashes_[slot - 1] == h) {
        std::string_view n = name(slot - 1);
        if (n.size() == token.size() + 1 && n[0] == prefix && n.substr(1) == token) return slot - 1;
      }
    }
  }

  void grow() {
    std::vector<uint32_t> slots(std::max<size_t>(1024, slots_.size() * 2), 0);
    size_t mask = slots.size() - 1;
    for (uint32_t id = 0; id < hashes_.size(); ++id) {
      size_t i = hashes_[id] & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    slots_ = std::move(slots);
  }

  std::string_view name(uint32_t id) const {
    size_t end = id + 1 < name_at_.size() ? name_at_[id + 1] : arena_.size();
    return std::string_view(arena_).substr(name_at_[id], end - name_at_[id]);
  }

  std::vector<uint32_t> slots_;  // id + 1, 0 when free; a power of two, at most half full
  std::vector<uint64_t> hashes_, name_at_;  // per term id
  std::string arena_;                       // the terms' names, one after another
  std::vector<std::string> postings_;       // per term: varint (docid delta, wdf) pairs
  std::vector<Xapian::docid> last_doc_;
  std::vector<uint32_t> df_, doc_terms_, doc_length_;
  uint64_t total_length_ = 0;
  uint32_t prefix_mask_ = 0;
};

}  // namespace

struct LexicalIndex::DictEntry {
  uint32_t string_off, string_len, df, pad;
  uint64_t postings_off, postings_len;
};

struct LexicalIndex::Builder::Impl {
  TermTable table;
};

LexicalIndex::Builder::Builder() : impl_(std::make_unique<Impl>()) {}
LexicalIndex::Builder::~Builder() = default;

void LexicalIndex::Builder::add(Xapian::docid doc, std::string_view fields) {
  impl_->table.add(doc, fields);
}

std::string LexicalIndex::Builder::finish(const Xapian::Database& db) {
  return impl_->table.serialise(db.get_revision(), db.get_uuid(), db.get_doccount(),
                                db.get_lastdocid());
}

std::string LexicalIndex::build(const Xapian::Database& db) {
  Builder b;
  for (auto it = db.valuestream_begin(kSlotFields); it != db.valuestream_end(kSlotFields); ++it)
    b.add(it.get_docid(), *it);
  return b.finish(db);
}

void LexicalIndex::write(const std::filesystem::path& kb, const Xapian::Database& db) {
  write(kb, build(db));
}

void LexicalIndex::write(const std::filesystem::path& kb, const std::string& bytes) {
  std::filesystem::path path = kb / kFileName, aside = kb / (std::string(kFileName) + ".tmp");
  {
    std::ofstream out(aside, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw IoError(fmt::format("cannot write {}", aside.string()));
  }
  std::error_code ec;
  std::filesystem::rename(aside, path, ec);
  if (ec) throw IoError(fmt::format("cannot write {}: {}", path.string(), ec.message()));
}

std::unique_ptr<LexicalIndex> LexicalIndex::open(const std::filesystem::path& kb,
                                                 const Xapian::Database& db) {
  std::unique_ptr<LexicalIndex> index(new LexicalIndex);
  std::filesystem::path path = kb / kFileName;
  std::string uuid = db.get_uuid();
  uuid.resize(std::min<size_t>(uuid.size(), 40));
  if (std::filesystem::exists(path)) {
    try {
      index->mapped_ = std::make_unique<MappedFile>(path.string());
      if (index->adopt(index->mapped_->bytes()) && index->revision_ == db.get_revision() &&
          std::string_view(
              reinterpret_cast<const Header*>(index->bytes_.data())->uuid,
              strnlen(reinterpret_cast<const Header*>(index->bytes_.data())->uuid, 40)) == uuid &&
          index->doc_count_ == db.get_doccount())
        return index;
    } catch (const IoError&) {
      // unreadable: built below
    }
    index->mapped_.reset();
  }
  index->owned_ = build(db);
  auto bytes = std::as_bytes(std::span(index->owned_.data(), index->owned_.size()));
  if (!index->adopt(bytes)) throw IoError("lexical index: built an index it cannot read");
  return index;
}

std::unique_ptr<LexicalIndex> LexicalIndex::read(std::span<const std::byte> bytes) {
  std::unique_ptr<LexicalIndex> index(new LexicalIndex);
  if (!index->adopt(bytes)) return nullptr;
  return index;
}

bool LexicalIndex::adopt(std::span<const std::byte> bytes) {
  static_assert(sizeof(DictEntry) == 32);
  // The arrays are read in place: a file is mapped at a page boundary, a built index is heap
  // memory.
  if (bytes.size() < sizeof(Header) || reinterpret_cast<uintptr_t>(bytes.data()) % 8 != 0)
    return false;
  Header h;
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return false;
  uint64_t n = bytes.size();
  auto within = [&](uint64_t off, uint64_t len) { return off <= n && len <= n - off; };
  if (h.doc_length_off % 8 || h.dict_off % 8 || h.postings_off % 8 ||
      !within(h.doc_length_off, (uint64_t{h.max_docid} + 1) * 4) ||
      !within(h.dict_off, uint64_t{h.term_count} * 32) || !within(h.strings_off, h.strings_size) ||
      !within(h.postings_off, h.postings_size))
    return false;
  const auto* base = reinterpret_cast<const char*>(bytes.data());
  bytes_ = bytes;
  revision_ = h.revision;
  doc_count_ = h.doc_count;
  max_docid_ = h.max_docid;
  term_count_ = h.term_count;
  prefix_mask_ = h.prefix_mask;
  avg_length_ = h.doc_count > 0 ? double(h.total_length) / double(h.doc_count) : 0;
  doc_length_ = reinterpret_cast<const uint32_t*>(base + h.doc_length_off);
  dict_ = reinterpret_cast<const DictEntry*>(base + h.dict_off);
  strings_ = base + h.strings_off;
  strings_size_ = h.strings_size;
  postings_ = reinterpret_cast<const uint8_t*>(base + h.postings_off);
  postings_size_ = h.postings_size;
  for (uint32_t i = 0; i < term_count_; ++i) {
    const DictEntry& e = dict_[i];
    // A document frequency above the document count would give a negative IDF (and scores the
    // search's bookkeeping does not expect).
    if (uint64_t{e.string_off} + e.string_len > strings_size_ || e.postings_off > postings_size_ ||
        e.postings_len > postings_size_ - e.postings_off || e.df > doc_count_)
      return false;
  }
  return true;
}

std::string_view LexicalIndex::name(const DictEntry& e) const {
  return {strings_ + e.string_off, e.string_len};
}

const LexicalIndex::DictEntry* LexicalIndex::find(std::string_view term) const {
  const DictEntry* end = dict_ + term_count_;
  const DictEntry* it = std::lower_bound(
      dict_, end, term, [&](const DictEntry& e, std::string_view t) { return name(e) < t; });
  return it != end && name(*it) == term ? it : nullptr;
}

uint32_t LexicalIndex::termfreq(std::string_view term) const {
  const DictEntry* e = find(term);
  return e ? e->df : 0;
}

bool LexicalIndex::has_prefix(char prefix) const {
  return prefix >= 'A' && prefix <= 'Z' && (prefix_mask_ & (1u << (prefix - 'A'))) != 0;
}

std::vector<LexicalIndex::Hit> LexicalIndex::search(std::span<const Term> terms, size_t k,
                                                    Scratch& scratch,
                                                    const std::vector<uint8_t>* allowed) const {
  std::vector<Hit> out;
  if (k == 0 || doc_count_ == 0) return out;
  std::vector<double>& score = scratch.score;
  std::vector<Xapian::docid>& touched = scratch.touched;
  if (score.size() < size_t{max_docid_} + 1) score.assign(size_t{max_docid_} + 1, 0.0);
  touched.clear();
  double len_factor = avg_length_ > 0 ? 1 / avg_length_ : 0;
  double n = doc_count_;
  for (const Term& t : terms) {
    const DictEntry* e = find(t.term);
    if (e == nullptr) continue;
    // BM25Weight::init and get_sumpart, in Xapian's order of operations.
    double df = e->df;
    double tw = (n - df + 0.5) / (df + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    double termweight = std::log(tw) * t.factor;
    double wqf = t.wqf;
    termweight *= (kK3 + 1) * wqf / (kK3 + wqf);
    termweight *= (kK1 + 1);
    const uint8_t* p = postings_ + e->postings_off;
    const uint8_t* end = p + e->postings_len;
    uint64_t doc = 0;
    while (p < end) {
      uint32_t delta = 0, wdf = 0;
      for (int shift = 0; p < end && shift < 35; shift += 7) {
        uint8_t byte = *p++;
        delta |= uint32_t(byte & 0x7F) << shift;
        if (byte < 0x80) break;
      }
      for (int shift = 0; p < end && shift < 35; shift += 7) {
        uint8_t byte = *p++;
        wdf |= uint32_t(byte & 0x7F) << shift;
        if (byte < 0x80) break;
      }
      doc += delta;
      if (doc > max_docid_) break;  // damaged: never read past the arrays
      if (allowed && (doc >= allowed->size() || (*allowed)[doc] == 0)) continue;
      double normlen = std::max(double(doc_length_[doc]) * len_factor, kMinNormLen);
      double wdf_double = wdf;
      double denom = kK1 * (normlen * kB + (1 - kB)) + wdf_double;
      double part = termweight * (wdf_double / denom);
      double& s = score[doc];
      if (s == 0 && part > 0) touched.push_back(static_cast<Xapian::docid>(doc));
      s += part;
    }
  }
  auto better = [&](Xapian::docid a, Xapian::docid b) {
    return score[a] != score[b] ? score[a] > score[b] : a < b;
  };
  size_t keep = std::min(k, touched.size());
  std::partial_sort(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(keep),
                    touched.end(), better);
  out.reserve(keep);
  for (size_t i = 0; i < keep; ++i) out.push_back({touched[i], score[touched[i]]});
  for (Xapian::docid d : touched) score[d] = 0;
  return out;
}

}  // namespace lockstep::claims
