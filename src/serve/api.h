// The JSON of each API endpoint, as pure functions of the findings (no HTTP here, so tests and
// the server share them). Limits are enforced by the caller's Page.
#pragma once

#include <string>
#include <string_view>

#include "report/report.h"
#include "serve/brigade_feed.h"

namespace lockstep::serve {

struct Page {
  size_t offset = 0, limit = 50;
};

// What /api/summary and /api/claims say when the server has no fact-check KB.
inline constexpr const char* kNoKbMessage =
    "no fact-check KB is loaded: start the server with `lockstep serve DIR --kb KB` (build a KB "
    "with `lockstep claims index RECORDS... --out KB`, docs/claims.md)";

// What /api/summary says about claim search (`serve --kb KB`).
struct ClaimsStatus {
  bool available = false;
  size_t kb_records = 0;
  bool model = false;
};

std::string summary_json(const report::Findings& f, const BrigadeSnapshot& brigades,
                         const ClaimsStatus& claims = {});
std::string campaigns_json(const report::Findings& f, Page page);
// Members (up to `members`), the edges among them, layout positions and a timeline of `bins`.
// Empty string when there is no such campaign.
std::string campaign_json(const report::Findings& f, uint32_t id, size_t members, uint32_t bins);
// Flagged accounts whose id or handle contains `query` (case-insensitive ASCII), by score.
std::string accounts_json(const report::Findings& f, std::string_view query, Page page);
// Features, timeline, and its edges with their evidence (edges paginated).
std::string account_json(const report::Findings& f, const report::FoundAccount& a, Page edges,
                         uint32_t bins);
// The whole flagged network in columns, campaigns packed side by side: at most `max_nodes`
// accounts (the strongest) and the edges among them.
std::string network_json(const report::Findings& f, size_t max_nodes, size_t max_edges);
std::string brigades_json(const BrigadeSnapshot& b, Page page);
// One Server-Sent Event telling a stream that the incidents changed: their count and version.
std::string brigades_event(const BrigadeSnapshot& b);

}  // namespace lockstep::serve
