// Reads an analysis directory back into Findings (see report.h).
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_set>

#include "base/error.h"
#include "ingest/csv_layout.h"
#include "report/layout.h"
#include "report/report.h"
#include "store/dataset.h"

namespace lockstep::report {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw IoError(
        fmt::format("{}: cannot read it; is this the --out directory of `lockstep "
                    "analyze`?",
                    path.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A CSV file read by header name, so that columns added later do not break older readers.
class CsvFile {
 public:
  explicit CsvFile(const fs::path& path) : path_(path), text_(read_file(path)) {
    if (!next_row(header_)) throw IoError(fmt::format("{}: empty, no header", path.string()));
  }

  size_t column(std::string_view name, bool required = true) const {
    auto it = std::find(header_.begin(), header_.end(), name);
    if (it == header_.end()) {
      if (!required) return SIZE_MAX;
      throw IoError(fmt::format("{}:1: no column '{}'; re-run `lockstep analyze` to rewrite it",
                                path_.string(), name));
    }
    return static_cast<size_t>(it - header_.begin());
  }

  // Fills `row` with the next record; false at the end. Rows narrower than the header are errors.
  bool next(std::vector<std::string>& row) {
    if (!next_row(row)) return false;
    if (row.size() < header_.size())
      throw IoError(fmt::format("{}:{}: {} fields where the header has {}", path_.string(), line_,
                                row.size(), header_.size()));
    return true;
  }

  [[noreturn]] void fail(const std::string& why) const {
    throw IoError(fmt::format("{}:{}: {}", path_.string(), line_, why));
  }

 private:
  bool next_row(std::vector<std::string>& row) {
    std::string record;
    while (pos_ < text_.size()) {
      size_t nl = text_.find('\n', pos_);
      if (nl == std::string::npos) nl = text_.size();
      std::string_view line(text_.data() + pos_, nl - pos_);
      pos_ = nl + 1;
      ++line_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!record.empty()) record += '\n';
      record += line;
      if (record.empty()) continue;
      if (ingest::split_csv_record(record, ',', row)) return true;
    }
    if (!record.empty()) fail("a quoted field is never closed");
    return false;
  }

  fs::path path_;
  std::string text_;
  size_t pos_ = 0, line_ = 0;
  std::vector<std::string> header_;
};

// csv_cell defuses formulas with a leading quote inside quotes; undo it for display.
std::string uncell(std::string s) {
  if (s.size() >= 2 && s[0] == '\'' &&
      (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@' || s[1] == '\t' || s[1] == '\r'))
    s.erase(0, 1);
  return s;
}

double to_double(CsvFile& f, const std::string& s, const char* what) {
  if (s.empty()) return 0;
  try {
    size_t used = 0;
    double v = std::stod(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  f.fail(fmt::format("{} '{}' is not a number", what, s));
}

int64_t to_int(CsvFile& f, const std::string& s, const char* what) {
  try {
    size_t used = 0;
    long long v = std::stoll(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  f.fail(fmt::format("{} '{}' is not an integer", what, s));
}

void read_summary(Findings& f) {
  f.summary_json = read_file(f.dir / "summary.json");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(f.summary_json).get(doc) || !doc.is_object())
    throw IoError(fmt::format("{}: not a JSON object", (f.dir / "summary.json").string()));
  auto str = [&](const char* key) {
    std::string_view v;
    return doc[key].get(v) ? std::string() : std::string(v);
  };
  auto count = [&](const char* key) {
    uint64_t v = 0;
    return doc[key].get(v) ? uint64_t{0} : v;
  };
  f.input = str("input");
  f.dataset = str("dataset");
  f.first = str("first");
  f.last = str("last");
  f.events = count("events");
  f.accounts_total = count("accounts");
  f.quarantined = count("quarantined");
  f.near_duplicate_groups = count("near_duplicate_groups");
}

void read_accounts(Findings& f, std::unordered_map<std::string, uint32_t>& index) {
  CsvFile csv(f.dir / "accounts.csv");
  size_t c_id = csv.column("account_id"), c_cluster = csv.column("cluster_id"),
         c_score = csv.column("score"), c_signals = csv.column("signals"),
         c_handle = csv.column("handle", false), c_degree = csv.column("degree", false),
         c_events = csv.column("events", false), c_ppd = csv.column("posts_per_day", false),
         c_repost = csv.column("repost_share", false),
         c_entropy = csv.column("hour_entropy", false),
         c_age = csv.column("account_age_days", false),
         c_gen = csv.column("generated_handle", false);
  std::vector<std::string> row;
  auto opt = [&](size_t c) -> const std::string& {
    static const std::string kEmpty;
    return c == SIZE_MAX ? kEmpty : row[c];
  };
  while (csv.next(row)) {
    FoundAccount a;
    a.id = uncell(row[c_id]);
    a.cluster = static_cast<int32_t>(to_int(csv, row[c_cluster], "cluster_id"));
    a.score = to_double(csv, row[c_score], "score");
    a.signals = row[c_signals];
    a.handle = uncell(opt(c_handle));
    a.degree = static_cast<uint32_t>(to_double(csv, opt(c_degree), "degree"));
    a.events = static_cast<uint32_t>(to_double(csv, opt(c_events), "events"));
    a.posts_per_day = to_double(csv, opt(c_ppd), "posts_per_day");
    a.repost_share = to_double(csv, opt(c_repost), "repost_share");
    a.hour_entropy = to_double(csv, opt(c_entropy), "hour_entropy");
    a.account_age_days = opt(c_age).empty() ? -1 : to_double(csv, opt(c_age), "account_age_days");
    a.generated_handle = opt(c_gen) == "1";
    if (!index.emplace(a.id, static_cast<uint32_t>(f.accounts.size())).second)
      csv.fail(fmt::format("account '{}' appears twice", a.id));
    f.accounts.push_back(std::move(a));
  }
}

std::vector<EvidenceItem> parse_evidence(std::string_view cell) {
  std::vector<EvidenceItem> out;
  size_t i = 0;
  while (i < cell.size()) {
    size_t end = cell.find(';', i);
    if (end == std::string_view::npos) end = cell.size();
    std::string_view part = cell.substr(i, end - i);
    i = end + 1;
    std::vector<std::string_view> f;
    size_t j = 0;
    while (j <= part.size()) {
      size_t bar = part.find('|', j);
      if (bar == std::string_view::npos) bar = part.size();
      f.push_back(part.substr(j, bar - j));
      j = bar + 1;
    }
    EvidenceItem e;
    char* stop = nullptr;
    std::string seconds(f.back());
    double dt = f.size() == 4 ? std::strtod(seconds.c_str(), &stop) : 0;
    if (f.size() == 4 && stop && *stop == '\0' && !seconds.empty()) {
      e.signal = f[0];
      e.a.post_id = f[1];
      e.b.post_id = f[2];
      e.dt_seconds = dt;
    } else {
      // An id holding ';' or '|' makes the cell ambiguous: keep it whole rather than guess.
      e.raw = part;
    }
    out.push_back(std::move(e));
  }
  return out;
}

void read_edges(Findings& f, const std::unordered_map<std::string, uint32_t>& index) {
  CsvFile csv(f.dir / "edges.csv");
  size_t c_src = csv.column("source"), c_dst = csv.column("target"),
         c_weight = csv.column("weight"), c_strength = csv.column("strength"),
         c_signals = csv.column("signals"), c_items = csv.column("items"),
         c_ev = csv.column("evidence");
  std::vector<std::string> row;
  while (csv.next(row)) {
    FoundEdge e;
    auto a = index.find(uncell(row[c_src])), b = index.find(uncell(row[c_dst]));
    if (a == index.end() || b == index.end())
      csv.fail("an account of this edge is not in accounts.csv; the directory mixes two runs");
    e.a = a->second;
    e.b = b->second;
    e.weight = to_double(csv, row[c_weight], "weight");
    e.strength = to_double(csv, row[c_strength], "strength");
    e.signals = row[c_signals];
    e.items = static_cast<uint32_t>(to_int(csv, row[c_items], "items"));
    e.evidence = parse_evidence(uncell(row[c_ev]));
    f.edges.push_back(std::move(e));
  }
}

void read_clusters(Findings& f, const std::unordered_map<std::string, uint32_t>& index) {
  auto path = f.dir / "clusters.json";
  auto text = read_file(path);
  simdjson::dom::parser parser;
  simdjson::dom::array arr;
  if (parser.parse(text).get(arr))
    throw IoError(fmt::format("{}: not a JSON array", path.string()));
  for (auto el : arr) {
    FoundCluster c;
    uint64_t id = 0;
    std::string_view sv;
    simdjson::dom::array members;
    if (el["id"].get(id) || el["members"].get(members))
      throw IoError(fmt::format("{}: a cluster without id or members", path.string()));
    c.id = static_cast<uint32_t>(id);
    if (el["score"].get(c.score)) c.score = 0;
    if (el["density"].get(c.density)) c.density = 0;
    if (!el["first"].get(sv)) c.first = sv;
    if (!el["last"].get(sv)) c.last = sv;
    simdjson::dom::array list;
    if (!el["signals"].get(list))
      for (auto s : list)
        if (!s.get(sv)) c.signals.emplace_back(sv);
    for (auto m : members) {
      if (m["account_id"].get(sv))
        throw IoError(
            fmt::format("{}: cluster {}: a member without account_id", path.string(), c.id));
      auto it = index.find(std::string(sv));
      if (it == index.end())
        throw IoError(fmt::format("{}: cluster {}: member '{}' is not in accounts.csv",
                                  path.string(), c.id, sv));
      c.members.push_back(it->second);
    }
    if (!el["top_items"].get(list))
      for (auto t : list) {
        uint64_t n = 0;
        if (!t["item"].get(sv) && !t["evidence_pairs"].get(n))
          c.top_items.emplace_back(std::string(sv), static_cast<uint32_t>(n));
      }
    f.clusters.push_back(std::move(c));
  }
  std::stable_sort(f.clusters.begin(), f.clusters.end(), [](const auto& x, const auto& y) {
    return x.members.size() != y.members.size() ? x.members.size() > y.members.size()
                                                : x.score > y.score;
  });
}

void read_brigades(Findings& f) {
  auto path = f.dir / "brigades.csv";
  if (!fs::exists(path)) return;
  f.brigades = load_brigades(path);
  f.have_brigades = true;
}

// The columns `lockstep claims match --input` writes (cli/cmd_claims.cpp); only rank 1 is kept.
void read_claim_matches(Findings& f) {
  auto path = f.dir / "claim_matches.csv";
  if (!fs::exists(path)) return;
  CsvFile csv(path);
  size_t c_query = csv.column("query_id"), c_rank = csv.column("rank"),
         c_record = csv.column("record_id"), c_score = csv.column("score"),
         c_prob = csv.column("probability"), c_verdict = csv.column("verdict"),
         c_rating = csv.column("rating"), c_publisher = csv.column("publisher"),
         c_url = csv.column("review_url"), c_claim = csv.column("claim");
  std::vector<std::string> row;
  while (csv.next(row)) {
    ++f.claim_match_rows;
    if (to_int(csv, row[c_rank], "rank") != 1) continue;
    ClaimMatchRow m;
    m.post.post_id = uncell(row[c_query]);
    m.record_id = uncell(row[c_record]);
    m.score = to_double(csv, row[c_score], "score");
    m.probability = to_double(csv, row[c_prob], "probability");
    m.verdict = uncell(row[c_verdict]);
    m.rating = uncell(row[c_rating]);
    m.publisher = uncell(row[c_publisher]);
    m.review_url = uncell(row[c_url]);
    m.claim = uncell(row[c_claim]);
    f.claim_matches.push_back(std::move(m));
  }
  std::stable_sort(
      f.claim_matches.begin(), f.claim_matches.end(), [](const auto& x, const auto& y) {
        return x.probability != y.probability ? x.probability > y.probability : x.score > y.score;
      });
  f.have_claim_matches = true;
}

// Fills evidence posts and activity from the events: one pass over the post dictionary and one
// over the events, touching only what the findings name.
void attach_events(Findings& f, const store::EventTable& t) {
  std::unordered_map<std::string_view, std::vector<EvidencePost*>> wanted;
  for (auto& e : f.edges)
    for (auto& ev : e.evidence)
      if (ev.raw.empty()) {
        wanted[ev.a.post_id].push_back(&ev.a);
        wanted[ev.b.post_id].push_back(&ev.b);
      }
  for (auto& m : f.claim_matches) wanted[m.post.post_id].push_back(&m.post);
  std::unordered_map<uint32_t, std::vector<EvidencePost*>> by_post;
  for (uint32_t p = 0; p < t.post_ids.size() && !wanted.empty(); ++p) {
    auto it = wanted.find(t.post_ids[p]);
    if (it != wanted.end()) by_post.emplace(p, std::move(it->second));
  }
  std::vector<int32_t> flagged(t.account_count(), -1);
  for (uint32_t a = 0; a < t.account_count(); ++a) {
    auto it = f.account_index.find(std::string(t.account_ids[a]));
    if (it != f.account_index.end()) flagged[a] = static_cast<int32_t>(it->second);
  }
  for (size_t e = 0; e < t.size(); ++e) {
    if (int32_t fa = flagged[t.account[e]]; fa >= 0)
      f.accounts[static_cast<size_t>(fa)].activity_ms.push_back(t.ts_ms[e]);
    if (by_post.empty()) continue;
    auto it = by_post.find(t.post[e]);
    if (it == by_post.end()) continue;
    for (auto* post : it->second) {
      post->ts_ms = t.ts_ms[e];
      post->account_id = t.account_ids[t.account[e]];
      post->text = t.text_of(e);
    }
  }
  for (auto& a : f.accounts) std::sort(a.activity_ms.begin(), a.activity_ms.end());
  f.have_events = true;
}

void link_and_layout(Findings& f) {
  for (uint32_t i = 0; i < f.edges.size(); ++i) {
    f.accounts[f.edges[i].a].edges.push_back(i);
    f.accounts[f.edges[i].b].edges.push_back(i);
  }
  for (auto& a : f.accounts)
    std::stable_sort(a.edges.begin(), a.edges.end(), [&](uint32_t x, uint32_t y) {
      return f.edges[x].strength > f.edges[y].strength;
    });
  std::vector<int32_t> cluster_of(f.accounts.size(), -1);
  for (size_t c = 0; c < f.clusters.size(); ++c)
    for (uint32_t m : f.clusters[c].members) cluster_of[m] = static_cast<int32_t>(c);
  for (uint32_t i = 0; i < f.edges.size(); ++i) {
    int32_t ca = cluster_of[f.edges[i].a];
    if (ca >= 0 && ca == cluster_of[f.edges[i].b])
      f.clusters[static_cast<size_t>(ca)].edges.push_back(i);
  }
  for (auto& c : f.clusters) {
    std::unordered_map<uint32_t, uint32_t> local;
    for (uint32_t k = 0; k < c.members.size(); ++k) local.emplace(c.members[k], k);
    std::vector<std::pair<uint32_t, uint32_t>> links;
    std::vector<double> weights;
    for (uint32_t e : c.edges) {
      links.emplace_back(local[f.edges[e].a], local[f.edges[e].b]);
      weights.push_back(f.edges[e].weight);
    }
    auto pos = layout_network(static_cast<uint32_t>(c.members.size()), links, weights, c.id);
    for (uint32_t k = 0; k < c.members.size(); ++k) {
      f.accounts[c.members[k]].x = pos[k].first;
      f.accounts[c.members[k]].y = pos[k].second;
    }
  }
}

}  // namespace

const FoundAccount* Findings::find_account(std::string_view id) const {
  auto it = account_index.find(std::string(id));
  return it == account_index.end() ? nullptr : &accounts[it->second];
}

const FoundCluster* Findings::find_cluster(uint32_t id) const {
  for (const auto& c : clusters)
    if (c.id == id) return &c;
  return nullptr;
}

std::vector<BrigadeIncident> load_brigades(const fs::path& path) {
  CsvFile csv(path);
  size_t c_target = csv.column("target_id"), c_start = csv.column("start"),
         c_end = csv.column("end"), c_member = csv.column("member_account_id"),
         c_alert = csv.column("alert_time", false);
  std::vector<BrigadeIncident> out;
  std::map<std::tuple<std::string, int64_t, int64_t>, size_t> by_key;
  std::vector<std::string> row;
  while (csv.next(row)) {
    auto key = std::make_tuple(uncell(row[c_target]), to_int(csv, row[c_start], "start"),
                               to_int(csv, row[c_end], "end"));
    auto [it, fresh] = by_key.emplace(key, out.size());
    if (fresh) {
      BrigadeIncident b;
      b.target_id = std::get<0>(key);
      b.start_ms = std::get<1>(key);
      b.end_ms = std::get<2>(key);
      out.push_back(std::move(b));
    }
    auto& b = out[it->second];
    if (c_alert != SIZE_MAX && !row[c_alert].empty()) {
      int64_t alert = to_int(csv, row[c_alert], "alert_time");
      b.alert_ms = b.alert_ms == kNoTime ? alert : std::min(b.alert_ms, alert);
    }
    b.members.push_back(uncell(row[c_member]));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& x, const auto& y) { return x.start_ms < y.start_ms; });
  return out;
}

Findings load_findings(const fs::path& dir, const store::EventTable* table) {
  if (!fs::is_directory(dir))
    throw UsageError(
        fmt::format("{}: not a directory; give the --out directory of `lockstep "
                    "analyze`",
                    dir.string()));
  Findings f;
  f.dir = dir;
  read_summary(f);
  read_accounts(f, f.account_index);
  read_edges(f, f.account_index);
  read_clusters(f, f.account_index);
  read_brigades(f);
  read_claim_matches(f);
  link_and_layout(f);
  if (table) {
    attach_events(f, *table);
  } else if (!f.dataset.empty() && store::is_dataset(f.dataset)) {
    attach_events(f, store::load_table(f.dataset));
  } else if (!f.dataset.empty()) {
    f.events_note = fmt::format(
        "the DATASET {} named in summary.json is gone: evidence is shown by post id only. Give "
        "it back (or re-run analyze on a DATASET) to see times and texts.",
        f.dataset);
  } else {
    f.events_note =
        "analyze read input files, not a DATASET, so the events are not kept: evidence is shown "
        "by post id only. Run `lockstep ingest INPUT --out DS` and `lockstep analyze DS --out "
        "DIR --report` to see times and texts.";
  }
  return f;
}

}  // namespace lockstep::report
