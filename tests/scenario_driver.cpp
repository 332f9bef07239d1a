// Runs every tests/scenarios/**/*.test file: small inputs plus the findings expected from them,
// in the spirit of DuckDB's sqllogictest. A file is a list of statements separated by blank lines:
//
//   # comment
//   ingest PATH... [--format F] [--map M]   read inputs (relative to the .test file) into the table
//   events                                  the `lockstep dump` lines of the whole table, in order
//   quarantine                              "LINE REASON" of each rejected record, in order
//   repaired                                "LINE WHAT" of each repaired record, in order
//   count events|accounts|rejected|repaired|flagged N
//   error SUBSTRING                         some input failed as a whole with this message
//   contains-event SUBSTRING                some event line contains this
//   analyze [--signals a,b] [--window SIGNAL=SECONDS] [--min-items SIGNAL=N] [--fdr X]
//           [--min-consistency X] [--min-group-size N] [--copypasta-jaccard X]
//                                           run the coordination analysis on the table, then
//                                           the brigade detector, whose brigades join the
//                                           network (as `lockstep analyze` does)
//   flagged                                 "ACCOUNT_ID SIGNALS" of every flagged account, sorted
//   same-cluster ID...                      these accounts are flagged, all in one cluster
//   not-flagged ID...                       none of these accounts is flagged
//   claims-index PATH...                    add fact-check records to the scenario's KB
//   claims-report                           "records=N added=N replaced=N duplicates=N ..." of
//                                           the last claims-index
//   claims-records                          "ID | VERDICT | LANG | PUBLISHER | SITE | DATE |
//                                           RATING | CLAIM" of every KB record, sorted by id
//   claims-quarantine                       the reason of each quarantined record, in order
//   claims-match [--lang L] [--publisher P] [--since D] [--until D] [--top N] -- TEXT
//                                           the ids of the records matched (BM25 order)
//   brigades [--window S] [--quiet S] [--min-events N] [--expiry S] [--history S]
//                                           run the brigade detector over the table
//   brigade-rows                            brigades.csv rows (target_id,start,end,
//                                           member_account_id,alert_time), in incident order
//   bursts                                  "TARGET accounts=N brigade=yes|no" per incident
//   count targets|interactions N            detector state after the last event
//
// A bug fix adds a scenario named after what it fixes.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/time_parse.h"
#include "brigade/brigade.h"
#include "claims/claims.h"
#include "coord/coord.h"
#include "ingest/format.h"
#include "ingest/ingest.h"
#include "store/dump.h"

namespace fs = std::filesystem;
using namespace lockstep;

namespace {

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(LOCKSTEP_SCENARIO_DIR))
    if (e.is_regular_file() && e.path().extension() == ".test") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

struct QuarantineEntry {
  std::string action, reason;
  uint64_t line;
};

class Scenario {
 public:
  explicit Scenario(fs::path file) : file_(std::move(file)) {
    tmp_ = fs::temp_directory_path() /
           ("lockstep-scenario-" + std::to_string(::getpid()) + "-" + file_.stem().string());
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
  }
  ~Scenario() { fs::remove_all(tmp_); }

  void run() {
    std::ifstream in(file_);
    ASSERT_TRUE(in) << "cannot read " << file_;
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    for (size_t i = 0; i < lines.size();) {
      const std::string& l = lines[i];
      if (l.empty() || l[0] == '#') {
        ++i;
        continue;
      }
      size_t stmt_line = i + 1;
      std::vector<std::string> block;
      ++i;
      // Only the comparison statements take a block of expected lines, up to a blank line.
      const std::string verb = split_words(l)[0];
      if (verb == "events" || verb == "quarantine" || verb == "repaired" || verb == "flagged" ||
          (verb.rfind("claims-", 0) == 0 && verb != "claims-index") || verb == "brigade-rows" ||
          verb == "bursts")
        for (; i < lines.size() && !lines[i].empty(); ++i) block.push_back(lines[i]);
      SCOPED_TRACE(file_.filename().string() + ":" + std::to_string(stmt_line) + ": " + l);
      statement(l, block);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }

 private:
  void statement(const std::string& l, const std::vector<std::string>& block) {
    auto words = split_words(l);
    const std::string& verb = words[0];
    if (verb == "ingest") return ingest(words);
    if (verb == "events") return compare(block, event_lines(), "events");
    if (verb == "quarantine") return compare(block, quarantine_lines("rejected"), "quarantine");
    if (verb == "repaired") return compare(block, quarantine_lines("repaired"), "repaired");
    if (verb == "count") return count(words);
    if (verb == "error") return expect_error(l.substr(6));
    if (verb == "contains-event") return contains_event(l.substr(15));
    if (verb == "analyze") return analyze(words);
    if (verb == "flagged") return compare(block, flagged_lines(), "flagged");
    if (verb == "same-cluster") return same_cluster(words);
    if (verb == "not-flagged") return not_flagged(words);
    if (verb == "claims-index") return claims_index(words);
    if (verb == "claims-report") return compare(block, {claims_report_}, "claims-report");
    if (verb == "claims-records") return compare(block, claims_records(), "claims-records");
    if (verb == "claims-quarantine")
      return compare(block, claims_quarantine(), "claims-quarantine");
    if (verb == "claims-match") return compare(block, claims_match(l), "claims-match");
    if (verb == "brigades") return brigades(words);
    if (verb == "brigade-rows") return compare(block, brigade_row_lines(), "brigade-rows");
    if (verb == "bursts") return compare(block, burst_lines(), "bursts");
    FAIL() << "unknown statement '" << verb << "'";
  }

  void ingest(const std::vector<std::string>& words) {
    ingest::IngestOptions opts;
    opts.progress = false;
    std::vector<std::string> inputs;
    for (size_t i = 1; i < words.size(); ++i) {
      if (words[i] == "--format" && i + 1 < words.size()) {
        auto f = ingest::parse_format(words[++i]);
        ASSERT_TRUE(f) << "unknown format " << words[i];
        opts.format = *f;
      } else if (words[i] == "--map" && i + 1 < words.size()) {
        opts.map = words[++i];
      } else {
        inputs.push_back((file_.parent_path() / words[i]).lexically_normal().string());
      }
    }
    if (!ingestor_)
      ingestor_ = std::make_unique<ingest::Ingestor>(opts, tmp_ / "quarantine.ndjson");
    for (const auto& path : inputs) reports_.push_back(ingestor_->read(path));
    table_ = ingestor_->table();
  }

  std::vector<std::string> event_lines() const {
    std::vector<std::string> out;
    for (size_t e = 0; e < table_.size(); ++e) out.push_back(store::dump_event(table_, e));
    return out;
  }

  std::vector<QuarantineEntry> quarantine() const {
    std::vector<QuarantineEntry> out;
    std::ifstream in(tmp_ / "quarantine.ndjson");
    simdjson::dom::parser parser;
    for (std::string l; std::getline(in, l);) {
      simdjson::dom::element e;
      if (parser.parse(l).get(e)) {
        ADD_FAILURE() << "quarantine line is not JSON: " << l;
        continue;
      }
      QuarantineEntry q;
      q.action = std::string(e["action"].get_string().value_unsafe());
      q.reason = std::string(e["reason"].get_string().value_unsafe());
      q.line = e["line"].get_uint64().value_unsafe();
      out.push_back(q);
    }
    return out;
  }

  std::vector<std::string> quarantine_lines(const std::string& action) const {
    std::vector<std::string> out;
    for (const auto& q : quarantine())
      if (q.action == action) out.push_back(std::to_string(q.line) + " " + q.reason);
    return out;
  }

  void compare(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
               const char* what) {
    if (expected == actual) return;
    std::ostringstream msg;
    msg << what << " differ\n--- expected (" << expected.size() << " lines)\n";
    for (const auto& l : expected) msg << "  " << l << "\n";
    msg << "+++ actual (" << actual.size() << " lines)\n";
    for (const auto& l : actual) msg << "  " << l << "\n";
    ADD_FAILURE() << msg.str();
  }

  void count(const std::vector<std::string>& words) {
    ASSERT_EQ(words.size(), 3u) << "count WHAT N";
    uint64_t want = std::stoull(words[2]);
    uint64_t have = 0;
    if (words[1] == "events")
      have = table_.size();
    else if (words[1] == "accounts")
      have = table_.account_count();
    else if (words[1] == "rejected")
      have = quarantine_lines("rejected").size();
    else if (words[1] == "repaired")
      have = quarantine_lines("repaired").size();
    else if (words[1] == "flagged")
      have = result_.accounts.size();
    else if (words[1] == "targets")  // brigade detector state left after the last event
      have = brigade_stats_.targets;
    else if (words[1] == "interactions")
      have = brigade_stats_.interactions;
    else
      FAIL() << "count: unknown '" << words[1] << "'";
    EXPECT_EQ(have, want) << "count " << words[1];
  }

  void expect_error(const std::string& needle) {
    for (const auto& r : reports_)
      if (r.error.find(needle) != std::string::npos) return;
    std::string errors;
    for (const auto& r : reports_)
      errors += "\n  " + r.path + ": " + (r.error.empty() ? "(no error)" : r.error);
    ADD_FAILURE() << "no input failed with '" << needle << "'; errors were:" << errors;
  }

  void contains_event(const std::string& needle) {
    for (const auto& l : event_lines())
      if (l.find(needle) != std::string::npos) return;
    ADD_FAILURE() << "no event line contains '" << needle << "'";
  }

  static coord::Signal signal_named(const std::string& name) {
    for (size_t s = 0; s < coord::kSignals; ++s)
      if (name == coord::to_string(static_cast<coord::Signal>(s)))
        return static_cast<coord::Signal>(s);
    ADD_FAILURE() << "unknown signal " << name;
    return coord::Signal::co_repost;
  }

  void analyze(const std::vector<std::string>& words) {
    coord::CoordOptions o;
    for (size_t i = 1; i + 1 < words.size(); i += 2) {
      const std::string& flag = words[i];
      const std::string& value = words[i + 1];
      size_t eq = value.find('=');
      if (flag == "--signals") {
        for (auto& so : o.signals) so.enabled = false;
        std::istringstream in(value);
        for (std::string name; std::getline(in, name, ',');) o[signal_named(name)].enabled = true;
      } else if (flag == "--window" && eq != std::string::npos) {
        o[signal_named(value.substr(0, eq))].window_ms =
            static_cast<int64_t>(std::stod(value.substr(eq + 1)) * 1000);
      } else if (flag == "--min-items" && eq != std::string::npos) {
        o[signal_named(value.substr(0, eq))].min_items =
            static_cast<uint32_t>(std::stoul(value.substr(eq + 1)));
      } else if (flag == "--fdr") {
        o.fdr = std::stod(value);
      } else if (flag == "--min-consistency") {
        o.min_consistency = std::stod(value);
      } else if (flag == "--copypasta-jaccard") {
        o.copypasta_jaccard = std::stod(value);
      } else if (flag == "--min-group-size") {
        o.min_group_size = static_cast<uint32_t>(std::stoul(value));
      } else {
        FAIL() << "analyze: unknown option " << flag;
      }
    }
    // As `lockstep analyze` does: brigades over the same history join the network.
    auto a = brigade::analyze(table_, o, brigade::BrigadeOptions{});
    result_ = std::move(a.coord);
    incidents_ = std::move(a.incidents);
    analyzed_ = true;
  }

  const coord::FlaggedAccount* find_flagged(const std::string& id) const {
    for (const auto& a : result_.accounts)
      if (table_.account_ids[a.account] == id) return &a;
    return nullptr;
  }

  std::vector<std::string> flagged_lines() const {
    std::vector<std::string> out;
    for (const auto& a : result_.accounts)
      out.push_back(std::string(table_.account_ids[a.account]) + " " +
                    coord::signal_names(a.signal_mask));
    std::sort(out.begin(), out.end());
    return out;
  }

  void same_cluster(const std::vector<std::string>& words) {
    ASSERT_TRUE(analyzed_) << "same-cluster needs an analyze statement first";
    int32_t cluster = -2;
    for (size_t i = 1; i < words.size(); ++i) {
      const auto* a = find_flagged(words[i]);
      ASSERT_NE(a, nullptr) << words[i] << " is not flagged";
      EXPECT_GE(a->cluster, 0) << words[i] << " is in no cluster";
      if (cluster == -2) cluster = a->cluster;
      EXPECT_EQ(a->cluster, cluster) << words[i] << " is in another cluster";
    }
  }

  void not_flagged(const std::vector<std::string>& words) {
    ASSERT_TRUE(analyzed_) << "not-flagged needs an analyze statement first";
    for (size_t i = 1; i < words.size(); ++i)
      EXPECT_EQ(find_flagged(words[i]), nullptr) << words[i] << " is flagged";
  }

  void claims_index(const std::vector<std::string>& words) {
    std::vector<std::string> inputs;
    for (size_t i = 1; i < words.size(); ++i)
      inputs.push_back((file_.parent_path() / words[i]).lexically_normal().string());
    auto r = claims::index_kb(inputs, tmp_ / "kb", false);
    claims_report_ =
        "records=" + std::to_string(r.records) + " added=" + std::to_string(r.added) +
        " replaced=" + std::to_string(r.replaced) + " duplicates=" + std::to_string(r.duplicates) +
        " rejected=" + std::to_string(r.rejected) + " kb=" + std::to_string(r.kb_records);
  }

  std::vector<std::string> claims_records() const {
    std::vector<std::string> out;
    for (auto r : claims::read_kb(tmp_ / "kb")) {
      for (size_t at; (at = r.claim.find('\n')) != std::string::npos;)
        r.claim.replace(at, 1, "\\n");
      out.push_back(r.id + " | " + claims::to_string(r.verdict) + " | " + r.lang + " | " +
                    r.publisher + " | " + r.site + " | " + r.review_date + " | " + r.rating +
                    " | " + r.claim);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::vector<std::string> claims_quarantine() const {
    std::vector<std::string> out;
    std::ifstream in(tmp_ / "kb" / "quarantine.ndjson");
    simdjson::dom::parser parser;
    for (std::string line; std::getline(in, line);) {
      std::string_view reason;
      if (!parser.parse(line)["reason"].get(reason)) out.emplace_back(reason);
    }
    return out;
  }

  std::vector<std::string> claims_match(const std::string& l) {
    size_t dashes = l.find(" -- ");
    EXPECT_NE(dashes, std::string::npos) << "claims-match needs -- before the text";
    if (dashes == std::string::npos) return {};
    auto words = split_words(l.substr(0, dashes));
    claims::MatchFilter filter;
    size_t top = 3;
    auto day = [](const std::string& d) { return *parse_time_ms(d) / 86400000; };
    for (size_t i = 1; i + 1 < words.size(); i += 2) {
      if (words[i] == "--lang") filter.lang = words[i + 1];
      if (words[i] == "--publisher") filter.publisher = words[i + 1];
      if (words[i] == "--since") filter.since_day = day(words[i + 1]);
      if (words[i] == "--until") filter.until_day = day(words[i + 1]);
      if (words[i] == "--top") top = std::stoul(words[i + 1]);
    }
    claims::Matcher matcher(tmp_ / "kb", "");
    std::vector<std::string> out;
    for (const auto& m : matcher.match(l.substr(dashes + 4), top, filter))
      out.push_back(m.record.id);
    return out;
  }

  std::string claims_report_;
  // brigades [--window S] [--quiet S] [--min-events N] [--expiry S] [--history S]: the brigade
  // detector over the table ingested so far.
  void brigades(const std::vector<std::string>& words) {
    brigade::BrigadeOptions o;
    for (size_t i = 1; i + 1 < words.size(); i += 2) {
      const std::string& flag = words[i];
      const double v = std::stod(words[i + 1]);
      if (flag == "--window")
        o.window_ms = static_cast<int64_t>(v * 1000);
      else if (flag == "--quiet")
        o.quiet_ms = static_cast<int64_t>(v * 1000);
      else if (flag == "--min-events")
        o.min_events = static_cast<uint32_t>(v);
      else if (flag == "--expiry")
        o.target_expiry_ms = static_cast<int64_t>(v * 1000);
      else if (flag == "--history")
        o.history_ms = static_cast<int64_t>(v * 1000);
      else
        FAIL() << "brigades: unknown option " << flag;
    }
    incidents_ = brigade::detect(table_, o, {}, &brigade_stats_);
    member_threshold_ = o.member_threshold;
  }

  // brigades.csv rows without the header, first five (contract) columns.
  std::vector<std::string> brigade_row_lines() const {
    std::vector<std::string> out;
    for (const auto& inc : incidents_) {
      std::istringstream rows(brigade::brigade_rows(inc, member_threshold_));
      for (std::string row; std::getline(rows, row);) {
        size_t cut = 0;
        for (int commas = 0; commas < 5 && cut != std::string::npos; ++commas)
          cut = row.find(',', cut == 0 ? 0 : cut + 1);
        out.push_back(row.substr(0, cut));
      }
    }
    return out;
  }

  // One line per incident: TARGET accounts=N brigade=yes|no
  std::vector<std::string> burst_lines() const {
    std::vector<std::string> out;
    for (const auto& inc : incidents_)
      out.push_back(inc.target + " accounts=" + std::to_string(inc.accounts) +
                    " brigade=" + (inc.brigade ? "yes" : "no"));
    return out;
  }

  std::vector<brigade::Incident> incidents_;
  brigade::DetectorStats brigade_stats_;
  double member_threshold_ = 0.5;
  coord::CoordResult result_;
  bool analyzed_ = false;
  fs::path file_, tmp_;
  std::unique_ptr<ingest::Ingestor> ingestor_;
  std::vector<ingest::FileReport> reports_;
  store::EventTable table_;
};

class ScenarioTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioTest, Run) {
  Scenario(GetParam()).run();
}

std::string scenario_name(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = fs::relative(info.param, LOCKSTEP_SCENARIO_DIR).replace_extension().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(scenario_files()),
                         scenario_name);

}  // namespace
