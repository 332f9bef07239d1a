#include "text/text.h"

#include <gtest/gtest.h>

using namespace lockstep::text;

TEST(Utf8, RepairReplacesInvalidSequencesAndCountsThem) {
  std::string out;
  EXPECT_EQ(repair_utf8("caf\xe9 ok", out), 1u);
  EXPECT_EQ(out, "caf\xEF\xBF\xBD ok");
  out.clear();
  EXPECT_EQ(repair_utf8("valid \xe2\x82\xac", out), 0u);
  EXPECT_EQ(out, "valid \xe2\x82\xac");
  out.clear();
  EXPECT_GE(repair_utf8("cut \xe2\x82", out), 1u);
  EXPECT_TRUE(is_valid_utf8(out));
}

TEST(Normalizer, FoldIsNfkcCaseFold) {
  Normalizer n;
  std::string out;
  n.fold("StraßE", out);
  EXPECT_EQ(out, "strasse");
  n.fold("ＡＢＣ", out);  // full-width letters
  EXPECT_EQ(out, "abc");
  n.fold("ΣΊΣΥΦΟΣ", out);
  EXPECT_EQ(out, "σίσυφοσ");
}

TEST(Normalizer, MatchKeyMakesHomoglyphsMeet) {
  Normalizer n;
  std::string latin, mixed, armenian_o, greek;
  n.match_key("Vote today, open polls", latin);
  // Cyrillic о, е, а and Greek ο in place of Latin letters.
  n.match_key(
      "V\xd0\xbe"
      "t\xd0\xb5 t\xd0\xbe"
      "d\xd0\xb0y, \xce\xbfpen polls",
      mixed);
  EXPECT_EQ(latin, mixed);
  n.match_key("VOTE   today,\topen\npolls ", greek);
  EXPECT_EQ(latin, greek);
  n.match_key("open", latin);
  n.match_key("\xd6\x85pen", armenian_o);  // Armenian small letter oh
  EXPECT_EQ(latin, armenian_o);
}

TEST(Normalizer, AsciiFastPathAgreesWithIcuPath) {
  Normalizer n;
  std::string ascii, viaicu;
  n.match_key("Hello World 2024 rn m", ascii);
  n.match_key("Hello World 2024 rn m \xc3\xa9", viaicu);  // é forces the ICU path
  EXPECT_EQ(viaicu.substr(0, ascii.size()), ascii);
}

TEST(Url, TrackingSchemeHostAndSlashAreNormalised) {
  EXPECT_EQ(normalize_url("http://www.Example.COM/Path/?utm_source=tw&id=7&fbclid=x#frag"),
            "https://example.com/Path?id=7");
  EXPECT_EQ(normalize_url("https://example.com:443/a/"), "https://example.com/a");
  EXPECT_EQ(normalize_url("example.org/news"), "https://example.org/news");
  EXPECT_EQ(normalize_url("https://twitter.com/u/status/1?s=20&t=abc"),
            "https://twitter.com/u/status/1");
  EXPECT_EQ(normalize_url("https://news.site/article?s=search"),
            "https://news.site/article?s=search");
  EXPECT_EQ(normalize_url(" 23678 "), "23678");  // opaque id, not a URL
  EXPECT_EQ(url_domain(normalize_url("http://www.bbc.co.uk/news/x")), "bbc.co.uk");
  EXPECT_EQ(url_domain("23678"), "");
}

TEST(Entities, HashtagsAndMentionsFromText) {
  std::vector<std::string> tags, mentions;
  extract_hashtags("Vote #NoWar and #выборы2024 but not #2024 or a&#39;b or x#y", tags);
  EXPECT_EQ(tags, (std::vector<std::string>{"NoWar", "выборы2024"}));
  extract_mentions("RT @alice: hi @bob_2. mail me@example.com", mentions);
  EXPECT_EQ(mentions, (std::vector<std::string>{"alice", "bob_2"}));
}
