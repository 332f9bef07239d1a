#include <gtest/gtest.h>

#include "ingest/csv_layout.h"

using namespace lockstep::ingest;

TEST(CsvSplit, QuotesEscapesAndEmptyFields) {
  std::vector<std::string> f;
  ASSERT_TRUE(split_csv_record(R"(a,"b,c","say ""hi""",,e)", ',', f));
  EXPECT_EQ(f, (std::vector<std::string>{"a", "b,c", "say \"hi\"", "", "e"}));
  ASSERT_TRUE(split_csv_record("x\ty", '\t', f));
  EXPECT_EQ(f, (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(split_csv_record(R"(a,"open)", ',', f));
  ASSERT_TRUE(split_csv_record("a,\"open\nclosed\"", ',', f));
  EXPECT_EQ(f[1], "open\nclosed");
}

TEST(CsvLayout, RecognisesKnownHeaders) {
  std::string why;
  auto coortweet = CsvLayout::from_header("object_id,account_id,content_id,timestamp_share", why);
  ASSERT_TRUE(coortweet);
  EXPECT_EQ(coortweet->format, Format::coortweet);
  auto qut = CsvLayout::from_header(
      "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls", why);
  ASSERT_TRUE(qut);
  EXPECT_EQ(qut->format, Format::qut);
  auto tsv = CsvLayout::from_header("user_id\tcreated_at\ttext", why);
  ASSERT_TRUE(tsv);
  EXPECT_EQ(tsv->delimiter, '\t');
  EXPECT_EQ(tsv->format, Format::csv);
}

TEST(CsvLayout, MapOverridesAndExplainsErrors) {
  std::string why;
  auto l =
      CsvLayout::from_header("who,when,what", why, Format::csv, "account=who,time=when,text=what");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->col(Field::account), 0);
  EXPECT_EQ(l->col(Field::text), 2);
  EXPECT_FALSE(CsvLayout::from_header("who,when", why, Format::csv, "account=nobody"));
  EXPECT_NE(why.find("no column 'nobody'"), std::string::npos) << why;
  EXPECT_FALSE(CsvLayout::from_header("foo,bar", why));
  EXPECT_NE(why.find("--map account="), std::string::npos) << why;
}

TEST(CsvList, SplitsArchiveAndPlainLists) {
  std::vector<std::string> out;
  split_list("['https://a.com/x', 'https://b.com']", out);
  EXPECT_EQ(out, (std::vector<std::string>{"https://a.com/x", "https://b.com"}));
  split_list("[123, 456]", out);
  EXPECT_EQ(out, (std::vector<std::string>{"123", "456"}));
  split_list("a b|c;d", out);
  EXPECT_EQ(out.size(), 4u);
  EXPECT_TRUE(is_null_value("NA"));
  EXPECT_TRUE(is_null_value(" "));
  EXPECT_FALSE(is_null_value("NAB"));
}
