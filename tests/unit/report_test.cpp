#include "report/report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "coord/coord.h"
#include "store/table_builder.h"

using namespace lockstep;

TEST(Escape, CsvCellsQuoteAndDefuseFormulas) {
  EXPECT_EQ(report::csv_cell("plain"), "plain");
  EXPECT_EQ(report::csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(report::csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(report::csv_cell("=HYPERLINK(\"http://evil\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\")\"");
  EXPECT_EQ(report::csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(report::csv_cell("line\nbreak"), "\"line\nbreak\"");
}

TEST(Escape, XmlEscapesEntitiesAndDropsWhatXmlCannotHold) {
  EXPECT_EQ(report::xml_escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;");
  EXPECT_EQ(report::xml_escape(std::string("a\x01"
                                           "b\x1f"
                                           "c",
                                           5)),
            "abc");
  EXPECT_EQ(report::xml_escape("tab\tok"), "tab\tok");
  EXPECT_EQ(report::xml_escape("bad \xff byte"), "bad \xEF\xBF\xBD byte");
}

TEST(WriteAnalysis, HostileAccountNamesStayInsideTheirCells) {
  store::TableBuilder b;
  store::PostRecord r;
  const std::string evil = "<img src=x onerror=alert(1)>,\"=1+1\n";
  for (int k = 0; k < 3; ++k)
    for (int a = 0; a < 3; ++a) {
      r.clear();
      r.post_id = "p" + std::to_string(k) + "_" + std::to_string(a);
      r.author.id = evil + std::to_string(a);
      r.author.handle = evil;
      r.kind = store::EventKind::repost;
      r.parent_post_id = "seed" + std::to_string(k);
      r.ts_ms = 1'600'000'000'000 + k * 86'400'000 + a * 1000;
      b.add(r);
    }
  auto t = b.snapshot();
  coord::CoordResult result;
  coord::FlaggedAccount f;
  f.account = 0;
  result.accounts.push_back(f);
  coord::Edge e;
  e.a = 0;
  e.b = 1;
  result.edges.push_back(e);
  auto dir =
      std::filesystem::temp_directory_path() / ("lockstep-report-" + std::to_string(::getpid()));
  report::write_analysis(dir, t, result, coord::CoordOptions(), {});
  std::ifstream gexf(dir / "network.gexf");
  std::stringstream ss;
  ss << gexf.rdbuf();
  EXPECT_EQ(ss.str().find("<img"), std::string::npos);
  EXPECT_NE(ss.str().find("&lt;img"), std::string::npos);
  std::ifstream csv(dir / "accounts.csv");
  std::string header;
  std::getline(csv, header);
  std::stringstream body;
  body << csv.rdbuf();
  // The data row is one quoted cell holding the newline: a CSV parser sees 2 records in all.
  EXPECT_NE(body.str().find("\"<img src=x onerror=alert(1)>,\"\"=1+1\n0\""), std::string::npos)
      << body.str();
  std::filesystem::remove_all(dir);
}
