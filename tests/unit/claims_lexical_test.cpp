// claims/lexical_index: the first stage's own inverted index. It must score exactly as Xapian's
// BM25Weight did over the same terms (the shipped re-ranker was trained on those scores), follow
// the KB's revision (KB/lexical.idx written by every index run, incremental runs and replaced
// records included; a stale or damaged file is never used), and refuse KBs of the older layout.
#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "base/error.h"
#include "claims/analyzer.h"
#include "claims/claims.h"
#include "claims/kb_format.h"
#include "claims/lexical_index.h"
#include "temp_dir.h"

using namespace lockstep;
using namespace lockstep::claims;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < s.size()) {
    size_t end = s.find(' ', at);
    if (end == std::string::npos) end = s.size();
    if (end > at) out.push_back(s.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// Records of different lengths, repeated words (wdf > 1), words in most records, and non-Latin
// words whose 4-grams are indexed.
struct Doc {
  std::string stems, ascii, ascii_stems, script;
};
const std::vector<Doc> kDocs = {
    {"lemon water cure covid", "lemon water cures covid", "", ""},
    {"hot water lemon lemon cure", "hot water lemon lemon cure", "", ""},
    {"moon land film studio the the", "moon landing filmed studio the the", "", ""},
    {"путин сказа", "putin skazal", "putin", "putin skazal"},
    {"the water the", "the water the", "", ""},
    {"pashinyan vote", "pashinyan vote", "", ""},
    {"փաշինյան", "p'asinyan", "pasinyan", "pasinyan"},
};

}  // namespace

// The same documents in Xapian (as terms, the way the first stage used to index them) and in the
// lexical index (from the fields): every query gives the same documents with the same scores.
TEST(LexicalIndex, ScoresAsXapianBm25) {
  TempDir dir{"lexical"};
  Xapian::WritableDatabase db((dir.path() / "x").string(), Xapian::DB_CREATE_OR_OPEN);
  for (const Doc& d : kDocs) {
    DocFields f;
    f.claim_stems = words(d.stems);
    f.claim_ascii = words(d.ascii);
    f.ascii_stems = words(d.ascii_stems);
    f.script_words = words(d.script);
    Xapian::Document doc;
    for (const auto& s : f.claim_stems) doc.add_term("S" + s);
    for (const auto& s : f.claim_ascii) doc.add_term("A" + s);
    for (const auto& s : f.ascii_stems) doc.add_term("A" + s);
    for (const auto& w : f.script_words)
      for (const auto& g : char_ngrams({w})) doc.add_term("G" + g);
    doc.add_boolean_term("Qid");  // boolean terms do not count in the length
    doc.add_value(kSlotFields, f.serialize());
    db.add_document(doc);
  }
  db.commit();
  std::string bytes = LexicalIndex::build(db);
  LexicalIndex::write(dir.path(), bytes);
  auto index = LexicalIndex::open(dir.path(), db);
  ASSERT_TRUE(index->mapped());
  EXPECT_EQ(index->doc_count(), kDocs.size());
  EXPECT_EQ(index->termfreq("Swater"), 3u);
  EXPECT_EQ(index->termfreq("Alemon"), 2u);
  EXPECT_EQ(index->termfreq("Snothing"), 0u);
  EXPECT_TRUE(index->has_prefix('G'));
  EXPECT_FALSE(index->has_prefix('Z'));

  struct Case {
    std::vector<std::pair<std::string, unsigned>> terms;  // term, wqf
    std::vector<std::string> grams;                       // scaled by 0.3
  };
  const std::vector<Case> cases = {
      {{{"Slemon", 1}, {"Swater", 1}, {"Scure", 1}}, {}},
      {{{"Slemon", 2}, {"Alemon", 1}, {"Sthe", 3}}, {}},
      {{{"Swater", 1}, {"Sthe", 1}, {"Amoon", 1}}, {}},
      {{{"Aputin", 1}}, {"_put", "puti", "utin", "tin_"}},
      {{{"Apashinyan", 1}}, {"_pas", "pash", "ashi", "shin", "hiny", "inya", "nyan", "yan_"}},
  };
  LexicalIndex::Scratch scratch;
  for (const Case& c : cases) {
    std::vector<Xapian::Query> terms, grams;
    std::vector<LexicalIndex::Term> mine;
    std::vector<std::string> names;
    names.reserve(c.terms.size() + c.grams.size());
    for (const auto& [t, wqf] : c.terms) {
      terms.emplace_back(t, wqf);
      names.push_back(t);
      mine.push_back({names.back(), wqf, 1.0});
    }
    for (const std::string& g : c.grams) {
      grams.emplace_back("G" + g);
      names.push_back("G" + g);
      mine.push_back({names.back(), 1, 0.3});
    }
    if (!grams.empty())
      terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, grams.begin(), grams.end()), 0.3);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    Xapian::MSet mset = enquire.get_mset(0, 10);
    std::vector<LexicalIndex::Hit> hits = index->search(mine, 10, scratch);
    ASSERT_EQ(hits.size(), mset.size());
    size_t i = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
      EXPECT_EQ(hits[i].doc, *it) << i;
      EXPECT_NEAR(hits[i].score, it.get_weight(), 1e-9) << i;
    }
    // Only the k best, still in order; and a filter that drops the best.
    std::vector<LexicalIndex::Hit> two = index->search(mine, 2, scratch);
    ASSERT_EQ(two.size(), std::min<size_t>(2, hits.size()));
    for (size_t j = 0; j < two.size(); ++j) EXPECT_EQ(two[j].doc, hits[j].doc);
    std::vector<uint8_t> allowed(index->max_docid() + 1, 1);
    allowed[hits[0].doc] = 0;
    std::vector<LexicalIndex::Hit> rest = index->search(mine, 10, scratch, &allowed);
    ASSERT_EQ(rest.size(), hits.size() - 1);
    for (size_t j = 0; j < rest.size(); ++j) EXPECT_EQ(rest[j].doc, hits[j + 1].doc);
  }
}

class LexicalKb : public ::testing::Test {
 protected:
  IndexReport index(const std::string& name, const std::string& tsv) {
    return index_kb({dir_.write(name, "vclaim_id\tvclaim\ttitle\n" + tsv)}, kb(), false);
  }
  fs::path kb() const { return dir_.path() / "kb"; }
  fs::path file() const { return kb() / LexicalIndex::kFileName; }
  std::vector<std::string> top(const std::string& text) {
    std::vector<std::string> out;
    for (const Match& m : Matcher(kb(), "").match(text, 5)) out.push_back(m.record.id);
    return out;
  }
  // The file on disk is what a full build of the KB as it is gives, byte for byte.
  void expect_file_is_fresh() {
    Xapian::Database db((kb() / "xapian").string());
    EXPECT_EQ(read_file(file()), LexicalIndex::build(db));
    EXPECT_TRUE(LexicalIndex::open(kb(), db)->mapped());
  }
  TempDir dir_{"lexical"};
};

TEST_F(LexicalKb, FileFollowsIncrementalRunsAndReplacedRecords) {
  index("a.tsv",
        "lemon\tDrinking hot water with lemon cures COVID-19\t\n"
        "moon\tThe moon landing was filmed in a studio\t\n");
  expect_file_is_fresh();
  EXPECT_EQ(top("hot lemon water"), std::vector<std::string>({"lemon"}));
  index("b.tsv", "cars\tGermany will ban all petrol cars from 2025\t\n");
  expect_file_is_fresh();
  EXPECT_EQ(top("petrol cars banned"), std::vector<std::string>({"cars"}));
  // The same id again replaces the record: its old words no longer find it.
  IndexReport r = index("c.tsv", "moon\tThe moon is made of green cheese\t\n");
  EXPECT_EQ(r.replaced, 1u);
  expect_file_is_fresh();
  EXPECT_TRUE(top("landing filmed studio").empty());
  EXPECT_EQ(top("green cheese"), std::vector<std::string>({"moon"}));
}

TEST_F(LexicalKb, StaleOrDamagedFileIsNotUsed) {
  index("a.tsv", "lemon\tDrinking hot water with lemon cures COVID-19\t\n");
  std::string old = read_file(file());
  index("b.tsv", "moon\tThe moon landing was filmed in a studio\t\n");
  std::string fresh = read_file(file());
  std::vector<std::string> expected = top("moon landing studio");
  ASSERT_EQ(expected, std::vector<std::string>({"moon"}));
  Xapian::Database db((kb() / "xapian").string());
  // The previous revision's file: built again in memory, the new record found.
  std::ofstream(file(), std::ios::binary | std::ios::trunc) << old;
  EXPECT_FALSE(LexicalIndex::open(kb(), db)->mapped());
  EXPECT_EQ(top("moon landing studio"), expected);
  // Cut short, garbage, or missing: the same.
  for (const std::string& bad : {fresh.substr(0, fresh.size() / 2), std::string(100, 'x')}) {
    std::ofstream(file(), std::ios::binary | std::ios::trunc) << bad;
    EXPECT_FALSE(LexicalIndex::open(kb(), db)->mapped());
    EXPECT_EQ(top("moon landing studio"), expected);
  }
  fs::remove(file());
  EXPECT_FALSE(LexicalIndex::open(kb(), db)->mapped());
  EXPECT_EQ(top("moon landing studio"), expected);
}

TEST(LexicalKbLayout, KbOfTheEarlierLayoutIsRefusedWithWhatToDo) {
  TempDir dir{"lexical"};
  fs::create_directories(dir.path() / "kb");
  {
    Xapian::WritableDatabase db((dir.path() / "kb" / "xapian").string(), Xapian::DB_CREATE_OR_OPEN);
    Xapian::Document doc;
    doc.add_term("Slemon");
    db.add_document(doc);
    db.commit();
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (attempt == 0)
        Matcher(dir.path() / "kb", "");
      else
        index_kb({dir.write("a.tsv", "vclaim_id\tvclaim\ttitle\n1\tclaim\t\n")}, dir.path() / "kb",
                 false);
      ADD_FAILURE() << "accepted a KB of the earlier layout";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("earlier lockstep"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("claims index"), std::string::npos) << e.what();
    }
  }
}
