#include "watch/watcher.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "base/error.h"
#include "base/hash.h"

namespace lockstep::watch {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStateMagic = "LSWATCH1\n";

// Writes `content` to `path` so that a crash leaves either the old file or the new one: a temp
// file in the same directory, rename. `durable` adds fsync of the file and the directory, so that
// a power loss cannot leave the new name pointing at unwritten data (the checkpoint needs that;
// block lists are rewritten on replay anyway).
void write_atomic(const fs::path& path, std::string_view content, bool durable) {
  fs::path tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError(fmt::format("cannot write {}", tmp.string()));
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      throw IoError(fmt::format("cannot write {} (disk full?)", tmp.string()));
    }
    done += static_cast<size_t>(n);
  }
  if ((durable && ::fsync(fd) != 0) || ::close(fd) != 0)
    throw IoError(fmt::format("cannot write {} (fsync failed)", tmp.string()));
  fs::rename(tmp, path);
  if (!durable) return;
  int dir = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

// key=value lines (values without newlines; free text hex-encoded), then the detector's bytes.
std::string hex(std::string_view s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string unhex(std::string_view s) {
  auto v = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    throw IoError("watch.state is damaged (bad hex)");
  };
  if (s.size() % 2) throw IoError("watch.state is damaged (bad hex)");
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2)
    out.push_back(static_cast<char>(v(s[i]) * 16 + v(s[i + 1])));
  return out;
}

struct SavedState {
  std::string source, format, first_line;
  Position pos;
  uint64_t alerts = 0, brigades = 0, quarantine = 0;
  bool alerts_to_file = false;
  std::string detector;
};

SavedState read_state(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string all = ss.str();
  if (!all.starts_with(kStateMagic))
    throw IoError(fmt::format("{}: not a watch state", path.string()));
  size_t sum_end = all.find('\n', kStateMagic.size());
  if (sum_end == std::string::npos) throw IoError(fmt::format("{}: damaged", path.string()));
  std::string sum = all.substr(kStateMagic.size(), sum_end - kStateMagic.size());
  std::string_view body = std::string_view(all).substr(sum_end + 1);
  if (sum != "sum=" + std::to_string(hash_bytes(body)))
    throw IoError(fmt::format("{}: damaged (checksum mismatch); move it away to start afresh",
                              path.string()));
  SavedState s;
  size_t i = 0;
  while (i < body.size()) {
    size_t nl = body.find('\n', i);
    if (nl == std::string_view::npos) throw IoError(fmt::format("{}: damaged", path.string()));
    std::string_view line = body.substr(i, nl - i);
    i = nl + 1;
    size_t eq = line.find('=');
    std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
    auto number = [&] { return std::stoull(std::string(value)); };
    if (key == "source")
      s.source = unhex(value);
    else if (key == "format")
      s.format = value;
    else if (key == "first_line")
      s.first_line = unhex(value);
    else if (key == "offset")
      s.pos.offset = number();
    else if (key == "line")
      s.pos.line = number();
    else if (key == "alerts")
      s.alerts = number();
    else if (key == "alerts_to_file")
      s.alerts_to_file = number() != 0;
    else if (key == "brigades")
      s.brigades = number();
    else if (key == "quarantine")
      s.quarantine = number();
    else if (key == "detector") {
      uint64_t n = number();
      if (n > body.size() - i) throw IoError(fmt::format("{}: damaged", path.string()));
      s.detector = body.substr(i, n);
      i += n;
    }
  }
  return s;
}

brigade::ClusterMap clusters_of(const WatchOptions& o) {
  return o.clusters.empty() ? brigade::ClusterMap{} : brigade::load_clusters(o.clusters);
}

std::string source_name(const WatchOptions& o) {
  if (!o.nats.url.empty()) return fmt::format("nats:{}/{}", o.nats.stream, o.nats.subject);
  return o.input == "-" ? "stdin" : o.input;
}

}  // namespace

// --- AppendFile ----------------------------------------------------------------------------------

void AppendFile::open(const fs::path& path, std::optional<uint64_t> keep, std::string_view header) {
  path_ = path.string();
  if (keep) {
    std::error_code ec;
    if (fs::exists(path) && fs::file_size(path) > *keep) fs::resize_file(path, *keep, ec);
    if (ec) throw IoError(fmt::format("cannot cut {} back to the checkpoint", path_));
  } else {
    fs::remove(path);
  }
  f_.reset(std::fopen(path.c_str(), "ab"));
  if (!f_) throw IoError(fmt::format("cannot write {}", path_));
  std::fseek(f_.get(), 0, SEEK_END);
  if (std::ftell(f_.get()) == 0 && !header.empty()) write(header);
}

void AppendFile::use_stdout() {
  stdout_ = true;
}

void AppendFile::write(std::string_view s) {
  FILE* f = stdout_ ? stdout : f_.get();
  if (std::fwrite(s.data(), 1, s.size(), f) != s.size())
    throw IoError(fmt::format("cannot write {} (disk full?)", stdout_ ? "standard output" : path_));
}

uint64_t AppendFile::sync() {
  FILE* f = stdout_ ? stdout : f_.get();
  std::fflush(f);
  if (stdout_) return 0;
  ::fsync(::fileno(f));
  return static_cast<uint64_t>(std::ftell(f));
}

// --- Watcher -------------------------------------------------------------------------------------

Watcher::Watcher(const WatchOptions& o)
    : o_(o), source_name_(source_name(o)), detector_(o.brigade, clusters_of(o)) {
  fs::create_directories(o.out / "blocklists");
  const fs::path state = o.out / "watch.state";
  std::optional<SavedState> saved;
  if (o.resume && fs::exists(state)) {
    saved = read_state(state);
    if (saved->source != source_name_)
      throw UsageError(
          fmt::format("{} belongs to a watch of {}, not {}; use another --out or --restart",
                      state.string(), saved->source, source_name_));
    detector_ = brigade::Detector::restore(saved->detector, o.brigade, clusters_of(o));
    resume_ = saved->pos;
    report_.resumed = true;
    report_.resumed_at = saved->pos.offset;
    if (!saved->format.empty()) {
      auto f = ingest::parse_format(saved->format);
      if (!f) throw IoError(fmt::format("{}: unknown format '{}'", state.string(), saved->format));
      format_ = *f;
      first_line_ = saved->first_line;
    }
  } else if (!o.resume) {
    fs::remove(state);
  }
  const std::optional<uint64_t> none;
  auto keep = [&](uint64_t n) { return saved ? std::optional<uint64_t>(n) : none; };
  if (o.alerts == "-")
    alerts_.use_stdout();
  else
    alerts_.open(o.alerts, saved && saved->alerts_to_file ? keep(saved->alerts) : none, "");
  brigades_.open(o.out / "brigades.csv", keep(saved ? saved->brigades : 0),
                 brigade::brigades_csv_header());
  const fs::path qpath = o.out / "quarantine.ndjson";
  if (saved) {
    std::error_code ec;
    if (fs::exists(qpath) && fs::file_size(qpath) > saved->quarantine)
      fs::resize_file(qpath, saved->quarantine, ec);
  } else {
    fs::remove(qpath);
  }
  quarantine_ = std::make_unique<ingest::Quarantine>(qpath);
  if (format_ == ingest::Format::auto_detect && o.format != ingest::Format::auto_detect)
    format_ = o.format;
  if (format_ != ingest::Format::auto_detect && saved) {
    decoder_ = ingest::make_line_decoder(format_, o.map, *this);
    if (!first_line_.empty()) {
      priming_ = true;  // the header (or first object) again, without counting it twice
      decoder_->feed(first_line_, 1);
      priming_ = false;
    }
  }
  last_checkpoint_ = std::chrono::steady_clock::now();
}

Watcher::~Watcher() = default;

void Watcher::line(std::string_view text, const Position& after) {
  ++report_.lines;
  if (!decoder_) {
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) return;
    if (format_ == ingest::Format::auto_detect) {
      std::string why;
      auto f = ingest::detect_format(std::string(text) + "\n", why);
      if (!f)
        throw UsageError(
            fmt::format("{}: cannot tell the format from the first line ({}); give "
                        "--format",
                        source_name_, why));
      format_ = *f;
    }
    decoder_ = ingest::make_line_decoder(format_, o_.map, *this);
  }
  if (first_line_.empty() && text.find_first_not_of(" \t\r") != std::string_view::npos)
    first_line_ = text;
  decoder_->feed(text, after.line);
  drain();
}

void Watcher::accept(const store::PostRecord& r, uint64_t) {
  if (priming_) return;
  ++report_.records;
  ++since_checkpoint_;
  detector_.add(r);
}

void Watcher::reject(uint64_t line, std::string_view reason, std::string_view raw) {
  if (priming_) return;
  ++report_.rejected;
  quarantine_->write(source_name_, line, "rejected", reason, raw);
}

void Watcher::repaired(uint64_t line, std::string_view what, std::string_view raw) {
  if (priming_) return;
  quarantine_->write(source_name_, line, "repaired", what, raw);
}

void Watcher::note(std::string_view message) {
  if (!priming_)
    std::fprintf(stderr, "%s: %.*s\n", source_name_.c_str(), static_cast<int>(message.size()),
                 message.data());
}

void Watcher::drain() {
  for (const brigade::Alert& a : detector_.take_alerts()) {
    ++report_.alerts;
    alerts_.write(brigade::alert_json(a) + "\n");
    // Block lists follow the incident as it grows: rewritten whole, so a replay after a crash
    // writes the same files again.
    const auto& inc = a.incident;
    const fs::path base = o_.out / "blocklists" / fmt::format("incident-{}", inc.id);
    fs::path csv = base, bsky = base;
    csv += ".csv";
    bsky += ".bsky.json";
    write_atomic(csv, brigade::blocklist_csv(inc, o_.brigade.member_threshold), false);
    write_atomic(
        bsky,
        brigade::blocklist_bluesky_json(inc, o_.brigade.member_threshold,
                                        o_.list_uri_prefix + fmt::format("lockstep-{}", inc.id)),
        false);
  }
  for (const brigade::Incident& inc : detector_.take_closed()) {
    ++report_.incidents;
    if (!inc.brigade) continue;
    ++report_.brigades;
    brigades_.write(brigade::brigade_rows(inc, o_.brigade.member_threshold));
  }
}

bool Watcher::checkpoint_due() const {
  if (decoder_ && decoder_->inside_record()) return false;
  if (since_checkpoint_ >= o_.checkpoint_records) return true;
  return since_checkpoint_ > 0 &&
         std::chrono::duration<double>(std::chrono::steady_clock::now() - last_checkpoint_)
                 .count() >= o_.checkpoint_seconds;
}

void Watcher::checkpoint(const Position& at) {
  drain();
  quarantine_->flush();
  std::string body;
  body += "source=" + hex(source_name_) + "\n";
  body += fmt::format("format={}\n",
                      format_ == ingest::Format::auto_detect ? "" : ingest::to_string(format_));
  body += "first_line=" + hex(first_line_) + "\n";
  body += fmt::format("offset={}\nline={}\n", at.offset, at.line);
  body +=
      fmt::format("alerts_to_file={}\nalerts={}\n", alerts_.is_stdout() ? 0 : 1, alerts_.sync());
  body += fmt::format("brigades={}\n", brigades_.sync());
  std::error_code ec;
  auto qsize = fs::file_size(o_.out / "quarantine.ndjson", ec);
  body += fmt::format("quarantine={}\n", ec ? 0 : qsize);
  std::string det = detector_.checkpoint();
  body += fmt::format("detector={}\n", det.size());
  body += det;
  std::string all(kStateMagic);
  all += fmt::format("sum={}\n", hash_bytes(body));
  all += body;
  write_atomic(o_.out / "watch.state", all, true);
  since_checkpoint_ = 0;
  last_checkpoint_ = std::chrono::steady_clock::now();
  ++report_.checkpoints;
}

void Watcher::finish(const Position& at) {
  if (decoder_) decoder_->finish(at.line);
  detector_.finish();
  drain();
  checkpoint(at);
}

WatchReport Watcher::report() const {
  WatchReport r = report_;
  r.detector = detector_.stats();
  return r;
}

}  // namespace lockstep::watch
