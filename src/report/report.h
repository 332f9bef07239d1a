// report/ — writes what an analysis found, in the files other tools read (see docs/formats.md):
//   accounts.csv  edges.csv  clusters.json  summary.json  network.gexf  network.graphml
// Every string from the data is escaped for its format: CSV cells that a spreadsheet would run as
// a formula are defused, XML gets entity escapes and loses characters XML cannot hold.
// It also reads an analysis back (load_findings) and renders the one-file HTML report.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/csv_cell.h"
#include "coord/coord.h"
#include "store/event_table.h"

namespace lockstep::report {

struct RunInfo {
  std::string input;  // what was analysed (paths or DATASET)
  double ingest_seconds = 0;
  uint64_t quarantined = 0;
  std::string dataset;  // absolute path of the DATASET analysed, if any (for reports' evidence)
};

void write_analysis(const std::filesystem::path& dir, const store::EventTable& t,
                    const coord::CoordResult& r, const coord::CoordOptions& options,
                    const RunInfo& info);

// Escaping helpers (exposed for tests).
using lockstep::csv_cell;                    // base/csv_cell.h
std::string xml_escape(std::string_view s);  // also safe in HTML text and quoted attributes

// --- Reading an analysis back: what `lockstep report` and `lockstep serve` show.
//
// load_findings reads DIR/{summary.json,accounts.csv,edges.csv,clusters.json} (and brigades.csv
// and claim_matches.csv when present), lays out each campaign's network (igraph) and, when the
// events are at hand (the `table` given, or the DATASET that summary.json names), the evidence
// posts' times, authors and texts and every flagged account's activity. A damaged file is an
// IoError naming file and line.

inline constexpr int64_t kNoTime = INT64_MIN;

struct EvidencePost {
  std::string post_id;
  int64_t ts_ms = kNoTime;  // kNoTime when the events are not at hand
  std::string account_id;
  std::string text;
};

struct EvidenceItem {
  std::string signal;
  EvidencePost a, b;
  double dt_seconds = 0;
  std::string raw;  // the cell as written, when it could not be split into its four fields
};

struct FoundEdge {
  uint32_t a = 0, b = 0;  // indices into Findings::accounts
  double weight = 0, strength = 0;
  std::string signals;
  uint32_t items = 0;
  std::vector<EvidenceItem> evidence;
};

struct FoundAccount {
  std::string id, handle, signals;
  int32_t cluster = -1;
  double score = 0;
  uint32_t degree = 0, events = 0;
  double posts_per_day = 0, repost_share = 0, hour_entropy = 0;
  double account_age_days = -1;  // -1 unknown
  bool generated_handle = false;
  std::vector<uint32_t> edges;       // indices into Findings::edges, strongest first
  std::vector<int64_t> activity_ms;  // its events' times, sorted; empty without the events
  float x = 0, y = 0;                // network layout: campaign-local, in [0, 1]
};

struct FoundCluster {
  uint32_t id = 0;
  double score = 0, density = 0;
  std::string first, last;
  std::vector<std::string> signals;
  std::vector<uint32_t> members;  // indices into Findings::accounts
  std::vector<std::pair<std::string, uint32_t>> top_items;
  std::vector<uint32_t> edges;  // internal edges, indices into Findings::edges
};

// One brigade from brigades.csv: the rows sharing (target_id, start, end).
struct BrigadeIncident {
  std::string target_id;
  int64_t start_ms = 0, end_ms = 0, alert_ms = kNoTime;
  std::vector<std::string> members;
};

// A post's best fact-check match from claim_matches.csv (`lockstep claims match --input POSTS
// --out DIR/claim_matches.csv`): the rank-1 row of each post.
struct ClaimMatchRow {
  EvidencePost post;  // post_id = the file's query_id; time, author, text from the events
  std::string record_id, verdict, rating, publisher, review_url, claim;
  double score = 0, probability = 0;
};

struct Findings {
  std::filesystem::path dir;
  std::string summary_json;  // summary.json as written
  std::string input, dataset;
  uint64_t events = 0, accounts_total = 0, quarantined = 0, near_duplicate_groups = 0;
  std::string first, last;
  bool have_events = false;            // evidence texts and activity are filled in
  std::string events_note;             // why not, in words the user can act on
  std::vector<FoundAccount> accounts;  // as in accounts.csv: by score, descending
  std::vector<FoundEdge> edges;
  std::vector<FoundCluster> clusters;  // ranked: size, then score
  bool have_brigades = false;
  std::vector<BrigadeIncident> brigades;     // by start time
  bool have_claim_matches = false;           // DIR/claim_matches.csv is there
  std::vector<ClaimMatchRow> claim_matches;  // best per post, by probability then score
  uint64_t claim_match_rows = 0;             // rows in the file (all ranks)
  std::unordered_map<std::string, uint32_t> account_index;  // account id -> accounts[]
  const FoundAccount* find_account(std::string_view id) const;
  const FoundCluster* find_cluster(uint32_t id) const;
};

// brigades.csv alone, incidents by start time (also for a server that follows the file).
std::vector<BrigadeIncident> load_brigades(const std::filesystem::path& csv);

// `table`: the events analysed, when the caller has them in memory; otherwise the DATASET named
// in summary.json is loaded if it still exists.
Findings load_findings(const std::filesystem::path& dir, const store::EventTable* table = nullptr);

// Activity of some accounts binned over time, with bursts marked (bins above mean + 3 sd of the
// bins, at least 5 events): the campaign timelines of the report and the API.
struct ActivityHistogram {
  int64_t start_ms = 0, bin_ms = 0;
  std::vector<uint32_t> counts;
  std::vector<bool> burst;
};
ActivityHistogram activity_histogram(const Findings& f, const std::vector<uint32_t>& accounts,
                                     uint32_t bins);

// The one-file HTML report: no scripts, no external resources, a strict CSP; every string from
// the data escaped. write_html_report writes DIR/report.html and returns its path.
std::string render_html_report(const Findings& f);
std::filesystem::path write_html_report(const Findings& f);

}  // namespace lockstep::report
