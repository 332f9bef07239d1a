#include "synth/truth.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "base/error.h"
#include "base/json_writer.h"
#include "synth/lexicon.h"

namespace lockstep::synth {

namespace {

void open_or_throw(FILE*& f, const std::filesystem::path& p) {
  f = std::fopen(p.c_str(), "wb");
  if (!f) throw IoError(fmt::format("cannot write {}: {}", p.string(), std::strerror(errno)));
}

}  // namespace

TruthWriter::TruthWriter(const std::filesystem::path& dir, const SynthOptions& o,
                         const Population& pop)
    : pop_(pop), dir_(dir), path_(dir / "truth.json") {
  open_or_throw(f_, path_);
  write(fmt::format(
      "{{\n\"generator\": \"lockstep synth\",\n\"seed\": {},\n\"accounts\": {},\n\"days\": "
      "{},\n\"start_ms\": {},\n"
      "\"end_ms\": {},\n\"format\": \"{}\",\n\"target_posts\": {},\n\"decoy_scale\": {},\n",
      o.seed, o.accounts, o.days, o.start_s * 1000, (o.start_s + int64_t{o.days} * 86400) * 1000,
      to_string(o.format), o.posts, o.decoys));
}

TruthWriter::~TruthWriter() {
  if (f_) std::fclose(f_);
}

void TruthWriter::write(const std::string& s) {
  if (std::fwrite(s.data(), 1, s.size(), f_) != s.size())
    throw IoError(fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno)));
}

std::string TruthWriter::user(uint32_t a) const {
  return a == kNoAccount ? "null" : fmt::format("\"{}\"", pop_.user_id(a));
}

void TruthWriter::campaigns(const Plan& plan, std::vector<CampaignTruth>& out) {
  auto strings = [](const std::vector<std::string>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) s += ", ";
      append_json_string(s, v[i]);
    }
    return s + "]";
  };
  FILE* csv = nullptr;
  open_or_throw(csv, dir_ / "truth_accounts.csv");
  std::unique_ptr<FILE, int (*)(FILE*)> csv_closer(csv, &std::fclose);
  std::string rows = "account_id,campaign_id,style\n";

  write("\"campaigns\": [");
  for (size_t ci = 0; ci < plan.campaigns.size(); ++ci) {
    const Campaign& c = plan.campaigns[ci];
    CampaignTruth t;
    t.id = c.id;
    t.style = c.style;
    t.start_ms = c.start * 1000;
    t.end_ms = (c.end + c.window_s) * 1000;
    t.window_s = c.window_s;
    t.activations = static_cast<int>(c.activations.size());
    if (c.target != kNoAccount) t.target = std::to_string(pop_.user_id(c.target));
    t.urls = c.urls;
    if (c.style == Style::hashtag_sequence) t.hashtags = c.hashtags;
    std::string members, acts;
    for (uint32_t m : c.members) {
      t.members.push_back(std::to_string(pop_.user_id(m)));
      members += (members.empty() ? "\"" : ", \"") + t.members.back() + "\"";
      rows += fmt::format("{},{},{}\n", t.members.back(), c.id, to_string(c.style));
    }
    for (int64_t a : c.activations) acts += fmt::format("{}{}", acts.empty() ? "" : ", ", a * 1000);
    write(
        fmt::format("{}\n{{\"id\": \"{}\", \"style\": \"{}\", \"size\": {}, \"start_ms\": {}, "
                    "\"end_ms\": {}, \"window_s\": {}, "
                    "\"participation\": {:.2f}, \"topic\": \"{}\", \"target\": {}, \"urls\": {}, "
                    "\"hashtags\": {}, "
                    "\"templates\": {}, \"activations_ms\": [{}], \"members\": [{}]}}",
                    ci ? "," : "", c.id, to_string(c.style), c.members.size(), t.start_ms, t.end_ms,
                    c.window_s, c.participation, lexicon::topics()[c.topic].name, user(c.target),
                    strings(c.urls), strings(c.hashtags), strings(c.templates), acts, members));
    out.push_back(std::move(t));
  }
  write("\n],\n\"decoys\": [");
  if (std::fwrite(rows.data(), 1, rows.size(), csv) != rows.size())
    throw IoError(fmt::format("cannot write {}: {}", (dir_ / "truth_accounts.csv").string(),
                              std::strerror(errno)));
}

void TruthWriter::decoy(const Decoy& d) {
  buf_.clear();
  buf_ += fmt::format("{}\n{{\"id\": \"d{:06}\", \"kind\": \"{}\", \"target\": {}, \"root_post\": ",
                      decoys_ ? "," : "", decoys_ + 1, d.kind, user(d.target));
  buf_ += d.root_post ? fmt::format("\"{}\"", d.root_post) : "null";
  buf_ += fmt::format(", \"start_ms\": {}, \"end_ms\": {}, \"events\": {}", d.start * 1000,
                      d.end * 1000, d.events);
  if (!d.text.empty()) {
    buf_ += ", \"text\": ";
    append_json_string(buf_, d.text);
  }
  buf_ += fmt::format(", \"size\": {}, \"accounts\": [", d.accounts.size());
  for (size_t i = 0; i < d.accounts.size(); ++i)
    buf_ += fmt::format("{}\"{}\"", i ? ", " : "", pop_.user_id(d.accounts[i]));
  buf_ += "]}";
  write(buf_);
  ++decoys_;
}

void TruthWriter::finish(const SynthReport& r) {
  std::string files;
  for (const auto& f : r.files) {
    if (!files.empty()) files += ", ";
    append_json_string(files, std::filesystem::path(f).filename().string());
  }
  write(
      fmt::format("\n],\n\"summary\": {{\"posts\": {}, \"post\": {}, \"repost\": {}, \"reply\": "
                  "{}, \"quote\": {}, "
                  "\"campaigns\": {}, \"decoys\": {}, \"files\": [{}]}}\n}}\n",
                  r.posts, r.by_kind[0], r.by_kind[1], r.by_kind[2], r.by_kind[3],
                  r.campaigns.size(), decoys_, files));
  FILE* f = f_;
  f_ = nullptr;
  if (std::fclose(f) != 0)
    throw IoError(fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno)));
}

}  // namespace lockstep::synth
