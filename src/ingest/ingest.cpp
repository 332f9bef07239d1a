#include "ingest/ingest.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "base/error.h"
#include "base/json_writer.h"
#include "base/progress.h"
#include "ingest/pipelined_sink.h"
#include "ingest/readers.h"
#include "store/dataset.h"

namespace lockstep::ingest {

namespace fs = std::filesystem;

namespace {

class BuilderSink : public RecordSink {
 public:
  BuilderSink(store::TableBuilder& b, Quarantine& q, FileReport& rep, bool strict)
      : builder_(b), quarantine_(q), rep_(rep), strict_(strict) {}

  void accept(const store::PostRecord& r, uint64_t line) override {
    ++rep_.records;
    auto res = builder_.add(r);
    switch (res.status) {
      case store::AddResult::added:
        ++rep_.added;
        break;
      case store::AddResult::merged:
        ++rep_.merged;
        break;
      case store::AddResult::duplicate:
        ++rep_.duplicates;
        break;
      case store::AddResult::rejected:
        reject(line, res.note,
               fmt::format("post {} by {}", r.post_id,
                           r.author.id.empty() ? r.author.handle : r.author.id));
        return;
    }
    if (!res.note.empty()) repaired(line, res.note, r.post_id);
  }
  void reject(uint64_t line, std::string_view reason, std::string_view raw) override {
    ++rep_.rejected;
    quarantine_.write(rep_.path, line, "rejected", reason, raw);
    if (strict_)
      throw UsageError(fmt::format("{}:{}: {} (--strict stops at the first bad record)", rep_.path,
                                   line, reason));
  }
  void repaired(uint64_t line, std::string_view what, std::string_view raw) override {
    ++rep_.repaired;
    quarantine_.write(rep_.path, line, "repaired", what, raw);
    if (strict_)
      throw UsageError(
          fmt::format("{}:{}: {} (--strict stops at the first bad record)", rep_.path, line, what));
  }
  void note(std::string_view message) override { rep_.notes.emplace_back(message); }

 private:
  store::TableBuilder& builder_;
  Quarantine& quarantine_;
  FileReport& rep_;
  bool strict_;
};

// A sink wrapper that drives the progress line.
class ProgressSink : public RecordSink {
 public:
  ProgressSink(RecordSink& inner, InputFile& in, Progress& bar)
      : inner_(inner), in_(in), bar_(bar) {}
  void accept(const store::PostRecord& r, uint64_t line) override {
    inner_.accept(r, line);
    tick();
  }
  void accept_owned(store::PostRecord& r, uint64_t line) override {
    inner_.accept_owned(r, line);
    tick();
  }
  void reject(uint64_t line, std::string_view reason, std::string_view raw) override {
    inner_.reject(line, reason, raw);
  }
  void repaired(uint64_t line, std::string_view what, std::string_view raw) override {
    inner_.repaired(line, what, raw);
  }
  void note(std::string_view message) override { inner_.note(message); }

 private:
  void tick() {
    if ((++n_ & 0xFFF) == 0) bar_.update(in_.raw_bytes_read(), n_);
  }

  RecordSink& inner_;
  InputFile& in_;
  Progress& bar_;
  uint64_t n_ = 0;
};

bool is_json_format(Format f) {
  return f == Format::twitter_v1 || f == Format::twitter_v2 || f == Format::bluesky ||
         f == Format::mastodon || f == Format::telegram || f == Format::ndjson;
}

void stat_file(FileReport& rep) {
  struct stat st {};
  if (rep.path != "-" && ::stat(rep.path.c_str(), &st) == 0) {
    rep.size = static_cast<uint64_t>(st.st_size);
    rep.mtime = static_cast<uint64_t>(st.st_mtim.tv_sec);
  }
}

}  // namespace

uint64_t IngestReport::rejected() const {
  uint64_t n = 0;
  for (const auto& f : files) n += f.rejected;
  return n;
}
uint64_t IngestReport::repaired() const {
  uint64_t n = 0;
  for (const auto& f : files) n += f.repaired;
  return n;
}
bool IngestReport::any_file_error() const {
  for (const auto& f : files)
    if (!f.error.empty()) return true;
  return false;
}

Ingestor::Ingestor(IngestOptions options, const fs::path& quarantine_path)
    : options_(std::move(options)), quarantine_(quarantine_path) {}

Ingestor::Ingestor(IngestOptions options, const fs::path& quarantine_path,
                   const store::EventTable& existing)
    : options_(std::move(options)), builder_(existing), quarantine_(quarantine_path) {}

Ingestor::~Ingestor() = default;

FileReport Ingestor::read(const std::string& path) {
  FileReport rep;
  rep.path = path;
  stat_file(rep);
  auto start = std::chrono::steady_clock::now();
  BuilderSink sink(builder_, quarantine_, rep, options_.strict);
  try {
    InputFile in(path);
    Format format = options_.format;
    std::string why;
    if (format == Format::auto_detect) {
      auto detected = detect_format(in.peek(1 << 16), why);
      if (!detected) {
        if (why == "the file is empty") {
          rep.notes.emplace_back("empty input: no records");
          return rep;
        }
        rep.error =
            fmt::format("cannot tell the format: {}. Pass --format ({})", why, format_names());
      } else {
        format = *detected;
      }
    }
    rep.format = format;
    if (rep.error.empty()) {
      Progress bar(fmt::format("reading {}", fs::path(path).filename().string()), in.raw_size());
      PipelinedSink builder_thread(sink);
      ProgressSink progress_sink(builder_thread, in, bar);
      RecordSink& s = options_.progress ? static_cast<RecordSink&>(progress_sink) : builder_thread;
      if (is_json_format(format))
        read_json(in, format, options_.map, s);
      else
        read_csv(in, format, options_.map, s);
      builder_thread.finish();
      if (!in.stream_error().empty())
        rep.error = fmt::format("{} after line {}: the records up to there were kept",
                                in.stream_error(), in.line_number());
    }
  } catch (const IoError& e) {
    rep.error = e.what();
  } catch (const UsageError& e) {
    if (options_.strict) throw;
    rep.error = e.what();
  }
  if (!rep.error.empty()) {
    quarantine_.write(path, 0, "rejected", rep.error, "");
    if (options_.strict) throw UsageError(fmt::format("{}: {}", path, rep.error));
  }
  quarantine_.flush();
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return rep;
}

namespace {

std::string manifest_json(const IngestReport& report) {
  std::string out = "{\n  \"lockstep_dataset\": 1,\n";
  out += fmt::format(
      "  \"events\": {},\n  \"accounts\": {},\n  \"rejected\": {},\n  \"repaired\": {},\n",
      report.events, report.accounts, report.rejected(), report.repaired());
  out += "  \"inputs\": [";
  bool first = true;
  for (const auto& f : report.files) {
    out += first ? "\n    {" : ",\n    {";
    first = false;
    out += "\"path\": ";
    append_json_string(out, f.path);
    out += fmt::format(
        ", \"size\": {}, \"mtime\": {}, \"format\": \"{}\", \"records\": {}, \"added\": {}, "
        "\"merged\": {}, \"duplicates\": {}, \"rejected\": {}, \"repaired\": {}, \"seconds\": "
        "{:.3f}",
        f.size, f.mtime, to_string(f.format), f.records, f.added, f.merged, f.duplicates,
        f.rejected, f.repaired, f.seconds);
    out += ", \"error\": ";
    append_json_string(out, f.error);
    out += ", \"notes\": [";
    for (size_t i = 0; i < f.notes.size(); ++i) {
      if (i) out += ", ";
      append_json_string(out, f.notes[i]);
    }
    out += "]}";
  }
  out += "\n  ]\n}\n";
  return out;
}

void write_atomically(const fs::path& path, const std::string& content) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << content;
    if (!f) throw IoError(fmt::format("{}: cannot write", tmp.string()));
  }
  fs::rename(tmp, path);
}

std::vector<FileReport> read_manifest(const fs::path& path) {
  std::vector<FileReport> files;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto json = simdjson::padded_string::load(path.string());
  if (json.error() || parser.parse(json.value()).get(root))
    throw IoError(fmt::format(
        "{}: unreadable manifest; remove the DATASET directory and ingest again", path.string()));
  simdjson::dom::array inputs;
  if (root["inputs"].get(inputs)) return files;
  for (auto in : inputs) {
    FileReport f;
    std::string_view s;
    if (!in["path"].get(s)) f.path = s;
    uint64_t u;
    if (!in["size"].get(u)) f.size = u;
    if (!in["mtime"].get(u)) f.mtime = u;
    if (!in["format"].get(s)) f.format = parse_format(s).value_or(Format::auto_detect);
    for (auto [key, dst] : {std::pair{"records", &f.records},
                            {"added", &f.added},
                            {"merged", &f.merged},
                            {"duplicates", &f.duplicates},
                            {"rejected", &f.rejected},
                            {"repaired", &f.repaired}})
      if (!in[key].get(u)) *dst = u;
    if (!in["error"].get(s)) f.error = s;
    f.skipped = true;  // read by an earlier run
    files.push_back(std::move(f));
  }
  return files;
}

}  // namespace

IngestReport ingest_dataset(const std::vector<std::string>& inputs, const fs::path& dir,
                            const IngestOptions& options) {
  fs::path manifest = dir / "manifest.json", quarantine = dir / "quarantine.ndjson";
  IngestReport report;
  std::unique_ptr<Ingestor> ingestor;
  store::EventTable existing;
  if (fs::exists(manifest) && options.resume) {
    existing = store::load_table(dir);
    report.files = read_manifest(manifest);
    ingestor = std::make_unique<Ingestor>(options, quarantine, existing);
  } else {
    if (fs::exists(dir) && !fs::is_empty(dir)) {
      if (!fs::exists(manifest) && !store::is_dataset(dir))
        throw UsageError(fmt::format(
            "{}: exists and is not a lockstep DATASET; choose another --out", dir.string()));
      if (!options.resume) {
        fs::remove_all(dir / "table");
        fs::remove(manifest);
        fs::remove(quarantine);
      }
    }
    fs::create_directories(dir);
    ingestor = std::make_unique<Ingestor>(options, quarantine);
  }

  auto last_checkpoint = std::chrono::steady_clock::now();
  auto checkpoint = [&]() {
    store::EventTable t = ingestor->table();
    report.events = t.size();
    report.accounts = t.account_count();
    store::save_table(t, dir);
    write_atomically(manifest, manifest_json(report));
    last_checkpoint = std::chrono::steady_clock::now();
  };
  for (const auto& path : inputs) {
    FileReport probe;
    probe.path = path;
    stat_file(probe);
    bool done_before = false;
    for (const auto& f : report.files)
      if (f.path == path && f.size == probe.size && f.mtime == probe.mtime && f.error.empty())
        done_before = true;
    if (done_before) continue;  // its report came from the manifest, marked skipped
    std::erase_if(report.files, [&](const FileReport& f) { return f.path == path; });
    report.files.push_back(ingestor->read(path));
    // Checkpoint between inputs when the last one is more than a minute old, so that a killed
    // run resumes (--resume) without redoing finished inputs.
    if (std::chrono::steady_clock::now() - last_checkpoint > std::chrono::seconds(60)) checkpoint();
  }
  checkpoint();
  return report;
}

store::EventTable ingest_inputs(const std::vector<std::string>& inputs,
                                const IngestOptions& options, const fs::path& quarantine_path,
                                IngestReport* report) {
  Ingestor ingestor(options, quarantine_path);
  IngestReport local;
  for (const auto& path : inputs) local.files.push_back(ingestor.read(path));
  store::EventTable t = ingestor.take_table();
  local.events = t.size();
  local.accounts = t.account_count();
  if (report != nullptr) *report = std::move(local);
  return t;
}

}  // namespace lockstep::ingest
