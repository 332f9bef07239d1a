// claims/: rating normalisation, text analysis (tweets, transliteration, stems), ranking metrics,
// the delimited reader and the Platt calibration.
#include "claims/claims.h"

#include <gtest/gtest.h>

#include <cmath>

#include "claims/analyzer.h"
#include "claims/delimited.h"
#include "claims/fold.h"
#include "claims/reranker.h"

using namespace lockstep::claims;

namespace {

struct RatingCase {
  const char* text;
  Verdict verdict;
};

class RatingTest : public ::testing::TestWithParam<RatingCase> {};

TEST_P(RatingTest, Normalises) {
  EXPECT_STREQ(to_string(normalize_rating(GetParam().text)), to_string(GetParam().verdict))
      << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Languages, RatingTest,
    ::testing::Values(
        // English, with the qualified and negated forms that contain a plain one
        RatingCase{"False", Verdict::false_}, RatingCase{"Pants on Fire!", Verdict::false_},
        RatingCase{"Mostly False", Verdict::mostly_false}, RatingCase{"Not true", Verdict::false_},
        RatingCase{"Half True", Verdict::mixture}, RatingCase{"Mostly True", Verdict::mostly_true},
        RatingCase{"TRUE", Verdict::true_}, RatingCase{"Misleading", Verdict::mostly_false},
        RatingCase{"Unproven", Verdict::unproven}, RatingCase{"Satire", Verdict::satire},
        RatingCase{"Four Pinocchios", Verdict::false_}, RatingCase{"Legend", Verdict::other},
        RatingCase{"", Verdict::other},
        // Russian
        RatingCase{"Ложь", Verdict::false_}, RatingCase{"Неправда", Verdict::false_},
        RatingCase{"Скорее ложь", Verdict::mostly_false},
        RatingCase{"Полуправда", Verdict::mixture}, RatingCase{"Правда", Verdict::true_},
        RatingCase{"Неверно", Verdict::false_}, RatingCase{"Не доказано", Verdict::unproven},
        RatingCase{"Манипуляция", Verdict::mostly_false},
        // Turkish (dotted/dotless i in either case)
        RatingCase{"YANLIŞ", Verdict::false_}, RatingCase{"Yanlış", Verdict::false_},
        RatingCase{"Kısmen doğru", Verdict::mixture}, RatingCase{"Doğru", Verdict::true_},
        RatingCase{"Yanıltıcı", Verdict::mostly_false},
        RatingCase{"Kanıtlanamadı", Verdict::unproven},
        // Azerbaijani
        RatingCase{"Yalan", Verdict::false_}, RatingCase{"Saxta", Verdict::false_},
        RatingCase{"Qismən doğru", Verdict::mixture},
        RatingCase{"Manipulyasiya", Verdict::mostly_false},
        // Armenian
        RatingCase{"Կեղծ", Verdict::false_}, RatingCase{"Մասամբ ճիշտ", Verdict::mixture},
        RatingCase{"Ճիշտ", Verdict::true_}, RatingCase{"Մանիպուլյացիա", Verdict::mostly_false},
        // Spanish
        RatingCase{"Falso", Verdict::false_}, RatingCase{"Engañoso", Verdict::mostly_false},
        RatingCase{"Verdadero", Verdict::true_}, RatingCase{"Parcialmente falso", Verdict::mixture},
        RatingCase{"Sátira", Verdict::satire},
        // French
        RatingCase{"Faux", Verdict::false_}, RatingCase{"Plutôt vrai", Verdict::mostly_true},
        RatingCase{"Trompeur", Verdict::mostly_false}, RatingCase{"Vrai", Verdict::true_},
        RatingCase{"Inexact", Verdict::false_},
        // German
        RatingCase{"Falsch", Verdict::false_},
        RatingCase{"Größtenteils falsch", Verdict::mostly_false},
        RatingCase{"GRÖSSTENTEILS FALSCH", Verdict::mostly_false},
        RatingCase{"Richtig", Verdict::true_}, RatingCase{"Unbelegt", Verdict::unproven},
        RatingCase{"Unwahr", Verdict::false_},
        // Arabic (with and without hamza and tanween)
        RatingCase{"زائف", Verdict::false_}, RatingCase{"خطأ", Verdict::false_},
        RatingCase{"صحيح", Verdict::true_}, RatingCase{"غير صحيح", Verdict::false_},
        RatingCase{"مضلل", Verdict::mostly_false}, RatingCase{"صحيح جزئياً", Verdict::mixture},
        RatingCase{"ساخر", Verdict::satire}));

TEST(Rating, NumericScale) {
  EXPECT_EQ(rating_from_scale(1, 1, 5), Verdict::false_);
  EXPECT_EQ(rating_from_scale(2, 1, 5), Verdict::mostly_false);
  EXPECT_EQ(rating_from_scale(3, 1, 5), Verdict::mixture);
  EXPECT_EQ(rating_from_scale(4, 1, 5), Verdict::mostly_true);
  EXPECT_EQ(rating_from_scale(5, 1, 5), Verdict::true_);
  EXPECT_EQ(rating_from_scale(7, 1, 5), Verdict::other);
  EXPECT_EQ(rating_from_scale(1, 5, 5), Verdict::other);
}

TEST(Fold, UnifiesCaseAccentsAndScripts) {
  EXPECT_EQ(fold_key("  Größtenteils   FALSCH! "), fold_key("grösstenteils falsch"));
  EXPECT_EQ(fold_key("İSTANBUL"), fold_key("istanbul"));
  EXPECT_EQ(fold_key("إأآا"), "اااا");
}

// Plain ASCII takes a path without ICU; a combining accent at the end (dropped) sends the same
// text through ICU: both must agree.
TEST(Fold, AsciiFastPathAgreesWithIcu) {
  for (std::string s : {"Drinking HOT water, with lemon -- cures COVID-19!", "  \t\x01Don't  ",
                        "1,000 people @ 3.5% ~ [x]_y", "", "!!!", "ZzAa09"}) {
    EXPECT_EQ(fold_key(s), fold_key(s + "\xCC\x81")) << s;
  }
  EXPECT_EQ(fold_key("  Hot\tWATER, lemon!  "), "hot water lemon");
}

TEST(Analyzer, TweetSignatureHashtagsAndLinks) {
  std::string signature;
  std::optional<int64_t> day;
  std::string cleaned = Analyzer::clean(
      "#FakeNews about #COVID19 https://t.co/x Happy #Hanukkahpic.twitter.com/IfkdcwGENr "
      "— Ilhan Omar (@IlhanMN) January 6, 2020",
      true, &signature, &day);
  EXPECT_EQ(cleaned.find("http"), std::string::npos);
  EXPECT_EQ(cleaned.find("pic"), std::string::npos);
  EXPECT_NE(cleaned.find("Fake News"), std::string::npos);
  EXPECT_NE(cleaned.find("COVID 19"), std::string::npos);
  EXPECT_NE(cleaned.find("Hanukkah"), std::string::npos);
  EXPECT_EQ(cleaned.find("Omar"), std::string::npos);
  EXPECT_EQ(signature, " Ilhan Omar ");
  ASSERT_TRUE(day.has_value());
  EXPECT_EQ(*day, 18267);  // 2020-01-06
}

TEST(Analyzer, NoSignatureWithoutADate) {
  std::string signature;
  std::optional<int64_t> day;
  std::string cleaned = Analyzer::clean("A — B (@c) not a date", true, &signature, &day);
  EXPECT_NE(cleaned.find("B"), std::string::npos);
  EXPECT_FALSE(day.has_value());
}

TEST(Analyzer, StemsNumbersEntitiesAndTransliteration) {
  Analyzer a;
  Analysis en = a.analyze("He said Barack Obama released 1,000 prisoners in 2019.", "", false);
  EXPECT_EQ(en.lang, "en");
  EXPECT_NE(std::find(en.stems.begin(), en.stems.end(), "prison"), en.stems.end());
  EXPECT_NE(std::find(en.numbers.begin(), en.numbers.end(), "1000"), en.numbers.end());
  EXPECT_NE(std::find(en.numbers.begin(), en.numbers.end(), "2019"), en.numbers.end());
  EXPECT_NE(std::find(en.entities.begin(), en.entities.end(), "obama"), en.entities.end());
  EXPECT_EQ(std::find(en.entities.begin(), en.entities.end(), "he"), en.entities.end());

  Analysis ru = a.analyze("Владимир Путин сказал", "", false);
  EXPECT_EQ(ru.lang, "ru");
  EXPECT_NE(std::find(ru.ascii.begin(), ru.ascii.end(), "putin"), ru.ascii.end());
  EXPECT_NE(std::find(ru.ascii.begin(), ru.ascii.end(), "vladimir"), ru.ascii.end());

  Analysis hy = a.analyze("Նիկոլ Փաշինյանը", "hy", false);
  EXPECT_NE(std::find(hy.ascii.begin(), hy.ascii.end(), "nikol"), hy.ascii.end());
  // The ISO transliteration's š comes out as "sh", as English writes the name.
  ASSERT_EQ(hy.ascii.size(), 2u);
  EXPECT_EQ(hy.ascii[1].substr(0, 9), "pashinyan");

  Analysis apostrophe = a.analyze("Don't", "en", false);
  ASSERT_EQ(apostrophe.ascii.size(), 1u);
  EXPECT_EQ(apostrophe.ascii[0], "dont");
}

TEST(Analyzer, CharNgrams) {
  auto g = char_ngrams({"obama", "is"});
  std::vector<std::string> want = {"_is_", "_oba", "ama_", "bama", "obam"};
  EXPECT_EQ(g, want);
}

TEST(Metrics, AveragePrecisionAndRun) {
  EXPECT_DOUBLE_EQ(average_precision_at({"a", "b", "c"}, {"a"}, 5), 1.0);
  EXPECT_DOUBLE_EQ(average_precision_at({"x", "a", "c"}, {"a"}, 5), 0.5);
  EXPECT_DOUBLE_EQ(average_precision_at({"x", "a", "c"}, {"a"}, 1), 0.0);
  EXPECT_DOUBLE_EQ(average_precision_at({"a", "x", "b"}, {"a", "b"}, 5), (1.0 + 2.0 / 3) / 2);
  EXPECT_DOUBLE_EQ(average_precision_at({"a", "a"}, {"a", "b"}, 5), 0.5);  // no double credit

  lockstep::claims::Run run = {
      {"q1", {"a", "b"}}, {"q2", {"x", "y", "z", "w", "v", "c"}}, {"q3", {"x", "d"}}};
  Qrels qrels = {{"q1", {"a"}}, {"q2", {"c"}}, {"q3", {"d"}}, {"q4", {"e"}}};
  Metrics m = evaluate_run(run, qrels);
  EXPECT_EQ(m.queries, 4u);
  EXPECT_DOUBLE_EQ(m.map1, 0.25);
  EXPECT_DOUBLE_EQ(m.map5, (1.0 + 0 + 0.5 + 0) / 4);
  EXPECT_DOUBLE_EQ(m.mrr, (1.0 + 1.0 / 6 + 0.5 + 0) / 4);
  EXPECT_DOUBLE_EQ(m.recall.at(1), 0.25);
  EXPECT_DOUBLE_EQ(m.recall.at(5), 0.5);
  EXPECT_DOUBLE_EQ(m.recall.at(10), 0.75);
}

TEST(Delimited, QuotedFieldsAcrossLines) {
  DelimitedReader r("\tvclaim\ttitle\n1\t\"two\nlines \"\"quoted\"\"\"\tT\r\n2\tplain\tU\n");
  std::vector<std::string> row;
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(row.size(), 3u);
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(r.last_line(), 2u);
  ASSERT_EQ(row.size(), 3u);
  EXPECT_EQ(row[1], "two\nlines \"quoted\"");
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(r.last_line(), 4u);
  EXPECT_EQ(row[2], "U");
  EXPECT_FALSE(r.next(row));
}

TEST(Platt, SeparatesAndIsMonotone) {
  std::vector<float> scores, labels;
  for (int i = 0; i < 200; ++i) {
    float s = float(i) / 20.0f - 5.0f;
    scores.push_back(s);
    labels.push_back(s + float((i * 7) % 5) - 2.0f > 0 ? 1.0f : 0.0f);
  }
  auto [a, b] = fit_platt(scores, labels);
  EXPECT_LT(a, 0);  // higher score, higher probability
  auto p = [&](double s) { return 1 / (1 + std::exp(a * s + b)); };
  EXPECT_LT(p(-4), 0.1);
  EXPECT_GT(p(4), 0.9);
  EXPECT_NEAR(p(0), 0.5, 0.15);
}

}  // namespace
