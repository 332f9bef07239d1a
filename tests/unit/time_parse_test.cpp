#include "base/time_parse.h"

#include <gtest/gtest.h>

using lockstep::parse_time_ms;

TEST(TimeParse, EpochSecondsMillisAndFractions) {
  EXPECT_EQ(parse_time_ms("1623881091"), 1623881091000);
  EXPECT_EQ(parse_time_ms("1623881091123"), 1623881091123);
  EXPECT_EQ(parse_time_ms("1623881091.5"), 1623881091500);
  EXPECT_EQ(parse_time_ms("1725911162329308"), 1725911162329);  // microseconds
}

TEST(TimeParse, IsoAndTwitterForms) {
  EXPECT_EQ(parse_time_ms("2021-06-16T22:04:51Z"), 1623881091000);
  EXPECT_EQ(parse_time_ms("2021-06-16T22:04:51.250Z"), 1623881091250);
  EXPECT_EQ(parse_time_ms("2021-06-17T00:04:51+02:00"), 1623881091000);
  EXPECT_EQ(parse_time_ms("2021-06-16 22:04:51"), 1623881091000);
  EXPECT_EQ(parse_time_ms("2017-08-01 10:00"), 1501581600000);
  EXPECT_EQ(parse_time_ms("2016-03-01"), 1456790400000);
  EXPECT_EQ(parse_time_ms("Wed Jun 16 22:04:51 +0000 2021"), 1623881091000);
}

TEST(TimeParse, RejectsGarbage) {
  for (const char* bad : {"", "yesterday", "2021-13-01", "2021-06-16T25:00:00Z", "12ab",
                          "Wed Foo 16 22:04:51 +0000 2021", "99999999999999999999"})
    EXPECT_FALSE(parse_time_ms(bad).has_value()) << bad;
}

TEST(TimeParse, FormatRoundTrips) {
  char buf[32];
  lockstep::format_iso8601_ms(1623881091250, buf);
  EXPECT_STREQ(buf, "2021-06-16T22:04:51.250Z");
  lockstep::format_iso8601_ms(-1, buf);
  EXPECT_STREQ(buf, "1969-12-31T23:59:59.999Z");
}
