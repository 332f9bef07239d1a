// claims/ with user-supplied vectors: the .npy/.fvecs readers on good and bad files, reciprocal
// rank fusion, the KB's HNSW index (incremental, replaced vectors, one dimension per KB) and
// matching that finds a paraphrase BM25 cannot. Every vector is made here, from a seeded RNG.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "base/error.h"
#include "claims/claims.h"
#include "claims/fusion.h"
#include "claims/vector_file.h"
#include "temp_dir.h"

using namespace lockstep;
using namespace lockstep::claims;
namespace fs = std::filesystem;

namespace {

std::string npy(const std::string& descr, bool fortran, const std::string& shape,
                const std::string& body, int version = 1) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                     ", 'shape': " + shape + ", }";
  size_t prefix = version == 1 ? 10 : 12;
  while ((prefix + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\0';
  uint32_t len = static_cast<uint32_t>(dict.size());
  out.append(reinterpret_cast<const char*>(&len), version == 1 ? 2 : 4);
  return out + dict + body;
}

template <typename T>
std::string bytes_of(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

std::string fvecs(const std::vector<std::vector<float>>& rows) {
  std::string out;
  for (const auto& r : rows) {
    int32_t d = static_cast<int32_t>(r.size());
    out.append(reinterpret_cast<const char*>(&d), 4);
    out += bytes_of(r);
  }
  return out;
}

std::string error_of(const std::string& bytes) {
  try {
    parse_vectors(bytes, "v.npy");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(VectorFile, ReadsNpyVersionsAndDtypes) {
  std::vector<float> f = {1, 2, 3, 4, 5, 6};
  for (int version : {1, 2, 3}) {
    VectorFile v = parse_npy(npy("<f4", false, "(2, 3)", bytes_of(f), version), "v.npy");
    EXPECT_EQ(v.rows, 2u);
    EXPECT_EQ(v.dim, 3u);
    EXPECT_EQ(v.data, f);
  }
  std::vector<double> d = {0.5, -1.5, 2, 8};
  VectorFile v = parse_vectors(npy("<f8", false, "(4, 1)", bytes_of(d)), "v.npy");
  EXPECT_EQ(v.rows, 4u);
  EXPECT_EQ(v.dim, 1u);
  EXPECT_EQ(v.data, std::vector<float>({0.5f, -1.5f, 2, 8}));
}

TEST(VectorFile, ReadsFvecs) {
  VectorFile v = parse_vectors(fvecs({{1, 0}, {0, 2}, {3, 3}}), "v.fvecs");
  EXPECT_EQ(v.rows, 3u);
  EXPECT_EQ(v.dim, 2u);
  EXPECT_EQ(v.data, std::vector<float>({1, 0, 0, 2, 3, 3}));
}

TEST(VectorFile, RejectsBadFilesNamingThem) {
  std::vector<float> f = {1, 2, 3, 4, 5, 6};
  std::string good = npy("<f4", false, "(2, 3)", bytes_of(f));
  struct Case {
    std::string bytes, message;
  };
  float nan = NAN, inf = INFINITY;
  std::vector<Case> cases = {
      {good.substr(0, good.size() - 1), "needs 24 bytes"},
      {good + "xxxx", "needs 24 bytes"},
      {good.substr(0, 9), "truncated .npy header"},
      {"not vectors at all", "not an .fvecs"},
      {npy("<i4", false, "(2, 3)", bytes_of(f)), "dtype '<i4'"},
      {npy(">f4", false, "(2, 3)", bytes_of(f)), "big-endian"},
      {npy("<f4", true, "(2, 3)", bytes_of(f)), "Fortran"},
      {npy("<f4", false, "(6,)", bytes_of(f)), "1-D"},
      {npy("<f4", false, "(1, 2, 3)", bytes_of(f)), "3-D"},
      {npy("<f4", false, "(0, 3)", ""), "no rows"},
      {npy("<f4", false, "(2, 0)", ""), "dimension 0"},
      {npy("<f4", false, "(999999999999999, 3)", bytes_of(f)), "needs"},
      {npy("<f4", false, "(99999999999999999999999, 3)", bytes_of(f)), "header"},
      {npy("<f4", false, "(2, 3)", bytes_of(std::vector<float>{1, 2, nan, 4, 5, 6})), "row 1"},
      {npy("<f4", false, "(2, 3)", bytes_of(std::vector<float>{1, 2, 3, 4, inf, 6})), "non-finite"},
      {npy("<f8", false, "(1, 1)", bytes_of(std::vector<double>{1e300})), "float32"},
      {npy("<f4", false, "(2, 3)", bytes_of(std::vector<float>{1, 2, 3, 0, 0, 0})), "all zeros"},
      {std::string("\x93NUMPY\x01\x00\xff\xff{", 11), "truncated"},
      {std::string("\x93NUMPY\x04\x00\x00\x00", 10), "version 4"},
      {npy("<f4", false, "[2, 3]", bytes_of(f)), "header"},
      {fvecs({{1, 2}, {3, 4, 5}}), "whole number"},
      {fvecs({{1, 2, 3}, {4, 5, 6}}).substr(0, 20), "whole number"},
      {std::string("\xff\xff\xff\xff", 4), "dimension -1"},
      {std::string(), "empty"},
  };
  // Same total size as two rows of 2, but the second row says 1 + 3 floats: a dimension clash.
  std::string clash = fvecs({{1, 2, 3}, {4, 5, 6}});
  int32_t one = 1;
  std::memcpy(clash.data() + 16, &one, 4);
  cases.push_back({clash, "row 2 declares dimension 1"});
  for (const Case& c : cases) {
    std::string e = error_of(c.bytes);
    EXPECT_NE(e.find("v.npy: "), std::string::npos) << c.message << ": " << e;
    EXPECT_NE(e.find(c.message), std::string::npos) << c.message << ": " << e;
  }
}

TEST(VectorFile, IdsSidecar) {
  TempDir dir{"dense"};
  EXPECT_EQ(read_vector_ids(dir.write("ids", "a\r\nb\nc\n"), 3),
            std::vector<std::string>({"a", "b", "c"}));
  EXPECT_THROW(read_vector_ids(dir.write("ids", "a\nb\n"), 3), UsageError);
  EXPECT_THROW(read_vector_ids(dir.write("ids", "a\na\nb\n"), 3), UsageError);
  EXPECT_THROW(read_vector_ids(dir.write("ids", "a\n\nb\n"), 3), UsageError);
}

TEST(Fusion, ReciprocalRanks) {
  // Lexical order 0, 1, 2; cosine order 2, 0; candidate 1 has no vector.
  auto f = reciprocal_rank_fusion({3.0, 2.0, 1.0}, {0.5f, NAN, 0.9f});
  EXPECT_DOUBLE_EQ(f[0], 1 / 61.0 + 1 / 62.0);
  EXPECT_DOUBLE_EQ(f[1], 1 / 62.0);
  EXPECT_DOUBLE_EQ(f[2], 1 / 63.0 + 1 / 61.0);
  auto rows = append_dense_features({7, 8}, 1, {0.25f, NAN});
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_FLOAT_EQ(rows[1], 0.25f);
  EXPECT_FLOAT_EQ(rows[2], 0.0f);
  EXPECT_FLOAT_EQ(rows[3], 1.0f);
  EXPECT_TRUE(std::isnan(rows[5]) && std::isnan(rows[6]) && std::isnan(rows[7]));
}

// A small KB whose records each get a random vector; queries get vectors near one of them.
class DenseKb : public ::testing::Test {
 protected:
  static constexpr size_t kDim = 32;

  std::vector<float> random_vector() {
    std::normal_distribution<float> n;
    std::vector<float> v(kDim);
    for (float& x : v) x = n(rng_);
    return v;
  }
  std::vector<float> near(const std::vector<float>& v, float noise = 0.05f) {
    std::vector<float> out = random_vector();
    for (size_t i = 0; i < kDim; ++i) out[i] = v[i] + noise * out[i];
    return out;
  }
  // Writes the records (id, claim) and vectors for the ids in `with_vectors`, then indexes them.
  IndexReport index(const std::vector<std::pair<std::string, std::string>>& records,
                    const std::vector<std::string>& with_vectors, size_t dim = kDim) {
    std::string tsv = "vclaim_id\tvclaim\ttitle\n", ids;
    std::vector<float> data;
    for (const auto& [id, claim] : records) tsv += id + "\t" + claim + "\t\n";
    for (const std::string& id : with_vectors) {
      if (!vectors_.count(id) || dim != kDim) vectors_[id] = random_vector();
      std::vector<float> v = vectors_[id];
      v.resize(dim, 1.0f);
      data.insert(data.end(), v.begin(), v.end());
      ids += id + "\n";
    }
    std::vector<std::string> inputs;
    if (!records.empty()) inputs.push_back(dir_.write("records.tsv", tsv));
    if (with_vectors.empty()) return index_kb(inputs, kb(), false);
    std::string shape =
        "(" + std::to_string(with_vectors.size()) + ", " + std::to_string(dim) + ")";
    IdVectors v = read_id_vectors(dir_.write("v.npy", npy("<f4", false, shape, bytes_of(data))),
                                  dir_.write("ids.txt", ids));
    return index_kb(inputs, kb(), false, &v);
  }
  fs::path kb() const { return dir_.path() / "kb"; }
  std::vector<std::string> ids(const std::vector<Match>& matches) {
    std::vector<std::string> out;
    for (const Match& m : matches) out.push_back(m.record.id);
    return out;
  }

  TempDir dir_{"dense"};
  std::mt19937 rng_{7};
  std::map<std::string, std::vector<float>> vectors_;
};

const std::vector<std::pair<std::string, std::string>> kRecords = {
    {"lemon", "Drinking hot water with lemon cures COVID-19"},
    {"moon", "The moon landing was filmed in a studio"},
    {"chips", "Vaccines contain microchips to track people"},
    {"cars", "Germany will ban all petrol cars from 2025"},
    {"flood", "Photo shows a shark swimming on a flooded highway"},
};

TEST_F(DenseKb, FindsAParaphraseBm25Misses) {
  auto r = index(kRecords, {"lemon", "moon", "chips", "cars", "flood"});
  EXPECT_EQ(r.vectors_added, 5u);
  EXPECT_EQ(r.kb_vectors, 5u);
  Matcher m(kb(), "");
  EXPECT_EQ(m.dense_dim(), kDim);
  // No word in common with "chips", one with "lemon" (water) and "cars" (ban).
  std::string post = "Jabs secretly implant spying devices; water ban next";
  auto lexical = ids(m.match(post, 5));
  EXPECT_EQ(std::count(lexical.begin(), lexical.end(), "chips"), 0);
  EXPECT_FALSE(lexical.empty());
  std::vector<float> q = near(vectors_["chips"]);
  auto fused = m.match(post, 5, {}, false, q);
  auto fused_ids = ids(fused);
  ASSERT_EQ(std::count(fused_ids.begin(), fused_ids.end(), "chips"), 1);
  auto chips = std::find(fused_ids.begin(), fused_ids.end(), "chips") - fused_ids.begin();
  EXPECT_GT(*fused[chips].cosine, 0.99f);
  EXPECT_EQ(fused[chips].bm25, 0);
  // Reciprocal rank fusion: first when the words meet nothing; near the top otherwise.
  auto alone = m.match("Jabs secretly implant devices", 3, {}, false, q);
  ASSERT_FALSE(alone.empty());
  EXPECT_EQ(alone[0].record.id, "chips");
  EXPECT_LE(chips, 2);
  // The same query without its vector is what it was before vectors existed.
  EXPECT_EQ(ids(m.match(post, 5)), lexical);
  EXPECT_THROW(m.match(post, 5, {}, false, std::vector<float>(kDim + 1, 1.0f)), UsageError);
}

TEST_F(DenseKb, FiltersApplyToVectorCandidates) {
  index(kRecords, {"lemon", "moon", "chips", "cars", "flood"});
  Matcher m(kb(), "");
  MatchFilter only_german;
  only_german.lang = "de";  // the records are English (detected)
  EXPECT_TRUE(
      m.match("Jabs implant devices", 3, only_german, false, near(vectors_["chips"])).empty());
}

TEST_F(DenseKb, IncrementalReplacedAndOneDimension) {
  index({kRecords[0], kRecords[1]}, {"lemon"});  // moon has no vector yet
  auto r = index({kRecords[2], kRecords[3]}, {"chips", "moon"});
  EXPECT_EQ(r.vectors_added, 2u);
  EXPECT_EQ(r.kb_vectors, 3u);
  // Vectors alone, for a record indexed earlier, and a new vector for one that had one.
  std::vector<float> old_lemon = vectors_["lemon"];
  vectors_["lemon"] = random_vector();
  r = index({}, {"lemon", "nosuchrecord"});
  EXPECT_EQ(r.vectors_replaced, 1u);
  EXPECT_EQ(r.vectors_unknown, 1u);
  EXPECT_EQ(r.first_unknown_id, "nosuchrecord");
  EXPECT_EQ(r.kb_vectors, 3u);
  {
    Matcher m(kb(), "");
    auto hit = m.match("zzz", 1, {}, false, near(vectors_["lemon"]));
    ASSERT_EQ(hit.size(), 1u);
    EXPECT_EQ(hit[0].record.id, "lemon");
    EXPECT_GT(*hit[0].cosine, 0.99f);
    auto old = m.match("zzz", 1, {}, false, near(old_lemon));
    ASSERT_EQ(old.size(), 1u);
    EXPECT_LT(old[0].record.id == "lemon" ? *old[0].cosine : 0.0f, 0.9f);
    auto moon = m.match("zzz", 1, {}, false, near(vectors_["moon"]));
    EXPECT_EQ(moon.at(0).record.id, "moon");
  }
  // Another model's vectors: refused before anything is written.
  try {
    index({kRecords[4]}, {"flood"}, kDim / 2);
    FAIL() << "dimension mismatch accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("dimension 16"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_kb(kb()).size(), 4u);
  // A damaged pair of files is reported when vectors are used, not trusted; matching without
  // vectors never loads them.
  fs::remove(kb() / "vectors.meta");
  Matcher m(kb(), "");
  EXPECT_EQ(m.match("lemon", 1).at(0).record.id, "lemon");
  EXPECT_THROW(m.dense_dim(), IoError);
}

// A re-ranker trained with vectors learns the fusion: where the words point at one record and the
// vector at another, it follows what its training queries taught (here: the vector).
TEST_F(DenseKb, ModelTrainedWithVectorsRanksTheParaphraseFirst) {
  std::uniform_int_distribution<int> letter('a', 'z');
  auto word = [&] {
    std::string w;
    for (int i = 0; i < 7; ++i) w += static_cast<char>(letter(rng_));
    return w;
  };
  std::vector<std::pair<std::string, std::string>> records;
  std::vector<std::vector<std::string>> words;
  std::vector<std::string> all;
  for (int i = 0; i < 40; ++i) {
    words.push_back({word(), word(), word(), word()});
    records.push_back({"r" + std::to_string(i), words.back()[0] + " " + words.back()[1] + " " +
                                                    words.back()[2] + " " + words.back()[3]});
    all.push_back(records.back().first);
  }
  index(records, all);
  // Training queries: half say the record's words, half another record's words with the vector
  // of the labelled one (a paraphrase with a misleading word overlap).
  std::string queries = "id\ttext\n", qrels, qids;
  std::vector<float> qdata;
  for (int i = 0; i < 60; ++i) {
    int relevant = i % 40, other = (i * 7 + 3) % 40;
    int said = i % 2 == 0 ? relevant : other;
    queries += "q" + std::to_string(i) + "\t" + words[said][0] + " " + words[said][2] + "\n";
    qrels += "q" + std::to_string(i) + " 0 r" + std::to_string(relevant) + " 1\n";
    qids += "q" + std::to_string(i) + "\n";
    std::vector<float> v = near(vectors_["r" + std::to_string(relevant)], 0.3f);
    qdata.insert(qdata.end(), v.begin(), v.end());
  }
  IdVectors qv =
      read_id_vectors(dir_.write("q.npy", npy("<f4", false, "(60, 32)", bytes_of(qdata))),
                      dir_.write("q.ids", qids));
  fs::path model = dir_.path() / "dense.model";
  TrainOptions options;
  options.rounds = 50;
  train_reranker(kb(), read_queries_tsv(dir_.write("q.tsv", queries)),
                 read_qrels(dir_.write("q.qrels", qrels)), model, options, &qv);
  Matcher m(kb(), model);
  EXPECT_TRUE(m.has_dense_model());
  // Words of r5, vector of r9: BM25 alone says r5, the dense model r9.
  std::string post = words[5][1] + " " + words[5][3];
  EXPECT_EQ(m.match(post, 1, {}, true).at(0).record.id, "r5");
  auto fused = m.match(post, 3, {}, false, near(vectors_["r9"], 0.3f));
  ASSERT_FALSE(fused.empty());
  EXPECT_EQ(fused[0].record.id, "r9");
  EXPECT_GT(fused[0].probability, 0.5);
}

}  // namespace
