// Claim matching at scale: builds a KB of N records by duplicating and perturbing CheckThat!'s
// verified claims (each copy drops one word, swaps two neighbours and gets its own id), then
// measures index speed, KB size and per-query latency (BM25 only and with the re-ranker) over
// the train tweets.
//
//   ./build/release/bench/claims_bench DATA_DIR [N=200000] [MODEL=data/claims/reranker.model]
//                                       [WORK_DIR]
//
// With WORK_DIR the KB is kept there and reused by the next run (latency only); without it a
// temporary directory is used and removed.
// DATA_DIR is ../shared/data/checkthat2020 (verified_claims.docs.tsv, train/tweets.queries.tsv).
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "claims/claims.h"
#include "claims/delimited.h"
#include "ingest/input_file.h"

namespace fs = std::filesystem;
using namespace lockstep;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// CPU time of this thread: on a machine shared with other jobs, wall time also counts waiting.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// CPU time of the whole process (indexing analyses and writes on two threads).
double process_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

long peak_rss_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

uint64_t dir_bytes(const fs::path& p) {
  uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(p))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

std::string perturb(const std::string& text, std::mt19937_64& rng) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  if (words.size() > 3) {
    words.erase(words.begin() + static_cast<long>(rng() % words.size()));
    size_t i = rng() % (words.size() - 1);
    std::swap(words[i], words[i + 1]);
  }
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string tsv_cell(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r' || c == '"') c = ' ';
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: claims_bench DATA_DIR [N] [MODEL]\n");
    return 2;
  }
  fs::path data = argv[1];
  size_t n = argc > 2 ? std::stoul(argv[2]) : 200000;
  fs::path model = argc > 3 ? argv[3] : "data/claims/reranker.model";
  bool keep = argc > 4;
  fs::path work = keep ? fs::path(argv[4]) : fs::temp_directory_path() / "lockstep-claims-bench";
  fs::path kb = work / "kb";
  bool reuse = keep && fs::exists(kb / "xapian");
  if (!reuse) {
    fs::remove_all(work);
    fs::create_directories(work);
  }

  claims::IndexReport r;
  if (reuse) {
    r.kb_records = claims::Matcher(kb, "").kb_size();
  } else {
    // The KB input: the shipped records, then perturbed copies up to n.
    ingest::InputFile in((data / "verified_claims.docs.tsv").string());
    std::string content = in.read_rest();
    claims::DelimitedReader table(content);
    std::vector<std::string> row;
    std::vector<std::pair<std::string, std::string>> base;
    table.next(row);
    while (table.next(row))
      if (row.size() == 3) base.emplace_back(row[1], row[2]);
    std::mt19937_64 rng(7);
    fs::path input = work / "records.tsv";
    {
      std::ofstream out(input);
      out << "vclaim_id\tvclaim\ttitle\n";
      for (size_t i = 0; i < n; ++i) {
        const auto& [claim, title] = base[i % base.size()];
        bool copy = i >= base.size();
        out << i << '\t' << tsv_cell(copy ? perturb(claim, rng) : claim) << '\t'
            << tsv_cell(copy ? perturb(title, rng) : title) << '\n';
      }
    }
    auto t0 = std::chrono::steady_clock::now();
    double cpu0 = process_cpu_s();
    r = claims::index_kb({input.string()}, kb, false);
    double index_s = seconds_since(t0), index_cpu_s = process_cpu_s() - cpu0;
    uint64_t bytes = dir_bytes(kb);
    uint64_t lexical = fs::file_size(kb / "lexical.idx");
    std::printf(
        "index: %llu records in %.2f s wall = %.0f records/s; CPU %.2f s = %.0f records per CPU "
        "second; KB on disk %.1f MiB = %.0f bytes per record (lexical.idx %.1f MiB = %.0f bytes "
        "per record); peak RSS while indexing %.1f MiB\n",
        static_cast<unsigned long long>(r.records), index_s, double(r.records) / index_s,
        index_cpu_s, double(r.records) / index_cpu_s, double(bytes) / 1048576.0,
        double(bytes) / double(r.records), double(lexical) / 1048576.0,
        double(lexical) / double(r.records), double(peak_rss_kb()) / 1024.0);
  }
  std::vector<claims::Query> queries =
      claims::read_queries_tsv((data / "train" / "tweets.queries.tsv").string());
  for (bool rerank : {false, true}) {
    claims::Matcher matcher(kb, rerank ? model : fs::path());
    std::vector<double> ms, cpu;
    for (int pass = 0; pass < 2; ++pass) {  // the first pass warms the page cache
      ms.clear();
      cpu.clear();
      for (const auto& q : queries) {
        auto t = std::chrono::steady_clock::now();
        double c = thread_cpu_ms();
        auto m = matcher.match(q.text, 10, {}, !rerank);
        cpu.push_back(thread_cpu_ms() - c);
        ms.push_back(seconds_since(t) * 1000);
        if (m.empty()) std::fprintf(stderr, "no match for %s\n", q.id.c_str());
      }
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf(
        "match (%s): %zu queries on %llu records: wall median %.2f ms, p90 %.2f ms, p99 %.2f "
        "ms; CPU median %.2f ms, p90 %.2f ms; peak RSS %.1f MiB\n",
        rerank ? "BM25 + re-ranker" : "BM25 only", ms.size(),
        static_cast<unsigned long long>(r.kb_records), ms[ms.size() / 2], ms[ms.size() * 9 / 10],
        ms[ms.size() * 99 / 100], cpu[cpu.size() / 2], cpu[cpu.size() * 9 / 10],
        double(peak_rss_kb()) / 1024.0);
  }
  if (!keep) fs::remove_all(work);
  return 0;
}
