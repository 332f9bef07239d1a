#include "ingest/quarantine.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/error.h"
#include "base/json_writer.h"
#include "ingest/reader.h"
#include "text/text.h"

namespace lockstep::ingest {

namespace {

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint32_t{static_cast<unsigned char>(in[i])} << 16) |
                 (uint32_t{static_cast<unsigned char>(in[i + 1])} << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out.push_back(kAlphabet[(v >> k) & 63]);
  }
  if (i < in.size()) {
    uint32_t v = uint32_t{static_cast<unsigned char>(in[i])} << 16;
    if (i + 1 < in.size()) v |= uint32_t{static_cast<unsigned char>(in[i + 1])} << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace

Quarantine::Quarantine(const std::filesystem::path& path) : out_(nullptr, &std::fclose) {
  if (path.empty()) return;
  out_.reset(std::fopen(path.c_str(), "ab"));
  if (!out_)
    throw IoError(
        fmt::format("{}: cannot open quarantine file: {}", path.string(), std::strerror(errno)));
}

void Quarantine::write(std::string_view file, uint64_t line, std::string_view action,
                       std::string_view reason, std::string_view raw) {
  if (!out_) return;
  std::string rec = "{\"file\":";
  append_json_string(rec, file);
  rec += fmt::format(",\"line\":{},\"action\":", line);
  append_json_string(rec, action);
  rec += ",\"reason\":";
  std::string safe;
  text::repair_utf8(reason, safe);
  append_json_string(rec, safe);
  bool cut = raw.size() > kMaxRaw;
  std::string_view kept = raw.substr(0, kMaxRaw);
  if (text::is_valid_utf8(kept)) {
    rec += ",\"raw\":";
    append_json_string(rec, kept);
  } else {  // keep the exact bytes: JSON strings cannot hold invalid UTF-8
    rec += ",\"raw_base64\":\"" + base64(kept) + "\"";
  }
  if (cut) rec += fmt::format(",\"raw_bytes\":{}", raw.size());
  rec += "}\n";
  if (std::fwrite(rec.data(), 1, rec.size(), out_.get()) != rec.size())
    throw IoError(fmt::format("cannot write quarantine: {}", std::strerror(errno)));
}

void Quarantine::flush() {
  if (out_) std::fflush(out_.get());
}

std::string_view ensure_utf8(std::string_view line, uint64_t line_no, std::string& scratch,
                             RecordSink& sink) {
  if (text::is_valid_utf8(line)) return line;
  scratch.clear();
  size_t n = text::repair_utf8(line, scratch);
  sink.repaired(line_no, fmt::format("{} invalid UTF-8 sequence(s) replaced by U+FFFD", n), line);
  return scratch;
}

}  // namespace lockstep::ingest
