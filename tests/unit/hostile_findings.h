// A small analysis directory whose account ids, handles, post texts and shared items are XSS
// payloads (tests/fixtures/hostile/xss_payloads.txt), written by report::write_analysis so the
// tests read it back through the real files.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "coord/coord.h"
#include "report/report.h"
#include "store/table_builder.h"

namespace lockstep::fixtures {

inline std::vector<std::string> xss_payloads() {
  std::ifstream in(std::string(LOCKSTEP_FIXTURES) + "/hostile/xss_payloads.txt");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

struct HostileDir {
  std::filesystem::path dir;
  store::EventTable table;
  std::vector<std::string> payloads = xss_payloads();

  explicit HostileDir(const std::string& name) {
    dir = std::filesystem::temp_directory_path() /
          ("lockstep-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    store::TableBuilder b;
    store::PostRecord r;
    // 4 accounts x 3 rounds: account a's id and handle carry payload a; texts carry the others.
    for (int k = 0; k < 3; ++k)
      for (int a = 0; a < 4; ++a) {
        r.clear();
        r.post_id = "p" + std::to_string(k) + "_" + std::to_string(a);
        r.author.id = payloads[a % payloads.size()] + "#" + std::to_string(a);
        r.author.handle = payloads[(a + 1) % payloads.size()];
        r.kind = store::EventKind::post;
        r.text = "text " + payloads[(a + k + 2) % payloads.size()];
        r.urls.push_back("javascript:alert(" + std::to_string(k) + ")");
        r.ts_ms = 1'600'000'000'000 + k * 3'600'000 + a * 1000;
        b.add(r);
      }
    table = b.snapshot();
    coord::CoordResult result;
    for (uint32_t a = 0; a < 4; ++a) {
      coord::FlaggedAccount f;
      f.account = a;
      f.cluster = a < 3 ? 0 : -1;
      f.score = 10.0 - a;
      f.signal_mask = 1u << static_cast<unsigned>(coord::Signal::co_link);
      f.degree = a == 1 ? 2 : 1;
      result.accounts.push_back(f);
    }
    auto edge = [&](uint32_t a, uint32_t b) {
      coord::Edge e;
      e.a = a;
      e.b = b;
      e.by_signal[static_cast<size_t>(coord::Signal::co_link)].significant = true;
      e.by_signal[static_cast<size_t>(coord::Signal::co_link)].items = 3;
      e.weight = 5;
      e.strength = 8;
      // Events are in time order: round k, account a is row 4k + a.
      for (uint32_t k = 0; k < 3; ++k)
        e.evidence.push_back({coord::Signal::co_link, 0, 4 * k + a, 4 * k + b, 1000});
      result.edges.push_back(e);
    };
    edge(0, 1);
    edge(1, 2);
    edge(0, 3);
    coord::Cluster c;
    c.id = 0;
    c.members = {0, 1, 2};
    c.signal_mask = 1u << static_cast<unsigned>(coord::Signal::co_link);
    c.first_ms = 1'600'000'000'000;
    c.last_ms = 1'600'000'010'000;
    c.score = 8;
    c.density = 0.67;
    c.top_items = {{"co_link: " + payloads[3], 6}, {"co_link: " + payloads[0], 3}};
    result.clusters.push_back(c);
    report::RunInfo info;
    info.input = payloads[1];
    report::write_analysis(dir, table, result, coord::CoordOptions(), info);
  }
  ~HostileDir() { std::filesystem::remove_all(dir); }

  void write(const std::string& name, const std::string& content) const {
    std::ofstream(dir / name, std::ios::binary) << content;
  }
};

}  // namespace lockstep::fixtures
