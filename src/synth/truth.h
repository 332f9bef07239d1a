// The ground truth: DIR/truth.json (campaigns first, then decoy events as they happen, then a
// summary) and DIR/truth_accounts.csv (one row per planted account). Streamed, so that decoys
// with thousands of accounts never pile up in memory.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "synth/plan.h"
#include "synth/population.h"
#include "synth/synth.h"

namespace lockstep::synth {

struct Decoy {
  std::string_view
      kind;  // viral_cascade, mega_cascade, pile_on, fan_group, slogan, trending_hashtag
  uint32_t target = kNoAccount;  // the account whose post drew the crowd
  uint64_t root_post = 0;        // 0: none
  std::span<const uint32_t> accounts;
  int64_t start = 0, end = 0;  // epoch seconds
  std::string_view text;       // slogan text or hashtag
  uint64_t events = 0;         // posts the decoy produced
};

class TruthWriter {
 public:
  TruthWriter(const std::filesystem::path& dir, const SynthOptions& o, const Population& pop);
  ~TruthWriter();
  TruthWriter(const TruthWriter&) = delete;
  TruthWriter& operator=(const TruthWriter&) = delete;

  // Writes the campaigns and truth_accounts.csv; fills `out` with what was written.
  void campaigns(const Plan& plan, std::vector<CampaignTruth>& out);
  void decoy(const Decoy& d);
  void finish(const SynthReport& r);
  uint64_t decoys() const { return decoys_; }

 private:
  void write(const std::string& s);
  std::string user(uint32_t a) const;

  const Population& pop_;
  std::filesystem::path dir_, path_;
  FILE* f_ = nullptr;
  uint64_t decoys_ = 0;
  std::string buf_;
};

}  // namespace lockstep::synth
