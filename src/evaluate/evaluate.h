// evaluate/ — scores what `lockstep analyze` flagged against ground truth: the files
// `lockstep synth` writes (truth_accounts.csv, truth.json), or any labelled set in that form.
// Used for docs/quality.md, and by researchers with their own labels.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lockstep::evaluate {

struct Truth {
  // planted account -> (campaign id, style)
  std::unordered_map<std::string, std::pair<std::string, std::string>> planted;
  // organic accounts that took part in a decoy (viral cascade, pile-on, ...) -> decoy kinds
  std::unordered_map<std::string, std::vector<std::string>> decoy_kinds;
};

// Reads DIR/truth_accounts.csv (account_id,campaign_id,style) and, when present, the decoys of
// DIR/truth.json. Throws UsageError when the files are missing or malformed.
Truth load_truth(const std::filesystem::path& dir);

struct Found {
  std::unordered_map<std::string, int> cluster_of;  // flagged account -> cluster id (-1: none)
};

// Reads RESULTS/accounts.csv.
Found load_found(const std::filesystem::path& results_dir);

struct Scores {
  uint64_t true_positives = 0, false_positives = 0, false_negatives = 0;
  double precision = 0, recall = 0, f1 = 0;
  std::map<std::string, std::pair<uint64_t, uint64_t>> style_recall;  // style -> (found, planted)
  std::map<std::string, std::pair<uint64_t, uint64_t>>
      decoy_flagged;                            // kind -> (flagged, accounts)
  uint64_t organic_flagged = 0;                 // flagged, not planted, in no decoy
  uint64_t campaigns = 0, campaigns_found = 0;  // found: at least half its members flagged
  double adjusted_rand = 0;  // found clusters vs campaigns, over flagged planted accounts
  double cluster_purity =
      0;  // share of flagged planted accounts in their cluster's majority campaign
};

Scores score(const Truth& truth, const Found& found);

std::string to_json(const Scores& s);
std::string to_text(const Scores& s);

// --- brigades (DIR/brigades.csv of `analyze` or `watch`) against the planted brigades ----------

struct BrigadeScores {
  uint64_t activations = 0, activations_found = 0;    // planted attacks; found: a brigade on the
                                                      // target overlapping the attack
  uint64_t campaigns = 0, campaigns_found = 0;        // brigade campaigns with an attack found
  uint64_t brigades = 0, false_brigades = 0;          // flagged incidents; on no planted attack
  uint64_t pile_ons = 0, pile_ons_flagged = 0;        // organic pile-ons flagged as brigades
  uint64_t fan_targets = 0, fan_targets_flagged = 0;  // celebrities whose fans were flagged
  uint64_t member_rows = 0, member_true = 0;          // distinct (incident, member) rows; of the
                                                      // campaign attacking that target
  uint64_t planted_members = 0, members_found = 0;    // brigade members; listed for their target
  double member_precision = 0, member_recall = 0;
  std::vector<double> latency_s;  // per found attack: first alert - attack start, seconds
  double median_latency_s = 0;
  uint64_t within_60s = 0;
  // The same from the first attacking reply (the burst's start as the stream shows it).
  std::vector<double> reply_latency_s;
  double median_reply_latency_s = 0;
  uint64_t reply_within_60s = 0;
};

// Reads DIR/truth.json (brigade campaigns, pile-on and fan decoys) and RESULTS/brigades.csv.
BrigadeScores score_brigades(const std::filesystem::path& truth_dir,
                             const std::filesystem::path& brigades_csv);
std::string to_json(const BrigadeScores& s);
std::string to_text(const BrigadeScores& s);

}  // namespace lockstep::evaluate
