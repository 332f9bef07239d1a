// Ingest speed per input format, beside simdjson's raw DOM parse of the same bytes (the floor any
// JSON reader built on it can reach), and the time to load a saved DATASET.
//
//   LOCKSTEP_BENCH_DATA=/tmp/lockstep-bench ./build/release/bench/ingest_bench
//
// The directory holds one input file per format (bench/make-inputs.sh writes them).
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/ingest.h"
#include "ingest/input_file.h"
#include "store/dataset.h"

namespace fs = std::filesystem;
using namespace lockstep;

namespace {

std::string read_all(const fs::path& p) {
  ingest::InputFile in(p.string());
  return in.read_rest();
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// simdjson DOM parse of every line (or of the whole document when it is one), from memory: the
// floor. `copy` = 0 parses each line where it lies (the padding simdjson needs is the next bytes,
// as lockstep's reader does on a mapped file); `copy` = 1 lets simdjson copy each line into its
// padded buffer first (its default for unpadded input).
void raw_parse(benchmark::State& state, const fs::path& file) {
  const bool copy = state.range(0) != 0;
  simdjson::padded_string data(read_all(file));
  std::string_view all(data.data(), data.size());
  simdjson::dom::parser parser;
  bool lines = all.find("\n{") != std::string_view::npos && all[0] == '{';
  for (auto _ : state) {
    size_t docs = 0;
    if (lines) {
      size_t pos = 0;
      while (pos < all.size()) {
        size_t nl = all.find('\n', pos);
        if (nl == std::string_view::npos) nl = all.size();
        simdjson::dom::element e;
        if (nl > pos && !parser.parse(all.data() + pos, nl - pos, copy).get(e)) ++docs;
        pos = nl + 1;
      }
    } else {
      simdjson::dom::element e;
      docs += !parser.parse(data).get(e);
    }
    benchmark::DoNotOptimize(docs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * all.size()));
}

// lockstep ingest of the same file into an EventTable (read, normalise, intern, sort).
void ingest_file(benchmark::State& state, const fs::path& file) {
  ingest::IngestOptions opts;
  opts.progress = false;
  uint64_t records = 0, bytes = fs::file_size(file);
  std::string decompressed = read_all(file);
  double reader_cpu = 0;
  for (auto _ : state) {
    double cpu0 = thread_cpu_seconds();
    ingest::Ingestor ingestor(opts, "");
    auto rep = ingestor.read(file.string());
    auto table = ingestor.take_table();  // as `lockstep analyze FILE` does
    records = rep.records;
    benchmark::DoNotOptimize(table.size());
    reader_cpu += thread_cpu_seconds() - cpu0;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * decompressed.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records));
  state.counters["file_MB"] = static_cast<double>(bytes) / 1e6;
  // CPU of the reading thread alone (the "CPU" column is the whole process: both threads).
  state.counters["reader_cpu_ms"] = 1e3 * reader_cpu / static_cast<double>(state.iterations());
}

void load_dataset(benchmark::State& state, const fs::path& dir) {
  size_t events = 0;
  for (auto _ : state) {
    auto t = store::load_table(dir);
    events = t.size();
    benchmark::DoNotOptimize(t.ts_ms.span().data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events));
}

}  // namespace

int main(int argc, char** argv) {
  const char* dir = std::getenv("LOCKSTEP_BENCH_DATA");
  if (dir == nullptr || !fs::is_directory(dir)) {
    std::fprintf(stderr, "set LOCKSTEP_BENCH_DATA to a directory made by bench/make-inputs.sh\n");
    return 2;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::string name = f.filename().string();
    if (name.find(".json") != std::string::npos)
      benchmark::RegisterBenchmark(("simdjson_parse/" + name).c_str(), raw_parse, f)
          ->ArgName("copy")
          ->Arg(0)
          ->Arg(1)
          ->Unit(benchmark::kMillisecond);
    // Time: wall clock (two threads); CPU: user + system of the whole process.
    benchmark::RegisterBenchmark(("lockstep_ingest/" + name).c_str(), ingest_file, f)
        ->MeasureProcessCPUTime()
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory() && store::is_dataset(e.path()))
      benchmark::RegisterBenchmark(("load_dataset/" + e.path().filename().string()).c_str(),
                                   load_dataset, e.path())
          ->Unit(benchmark::kMicrosecond);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
