// serve/ — the HTTP API and web dashboard over an analysis directory (`lockstep serve DIR`).
//
//   /api/...   JSON: summary, campaigns, one campaign, accounts, one account, network, brigades,
//              claim search over a fact-check KB (docs/api.md). Read-only GETs; everything
//              paginated or capped.
//   /          the dashboard: static files from the web root (web/dist), never outside it.
//
// Safe by default: binds 127.0.0.1; any other address needs a bearer token (refused without
// one); security headers (CSP, nosniff, frame-ancestors) on every response; Host header checked
// on loopback (DNS rebinding); request size, connection and query-cost limits.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "report/report.h"

namespace lockstep::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                      // 0: any free port (see Server::port)
  std::string token;                    // bearer token for /api/; required off loopback
  std::filesystem::path web_root;       // the built dashboard; empty or missing: API only
  size_t threads = 128;                 // connections served at once (one thread each)
  size_t max_connections = 512;         // accepted and waiting beyond this get 503
  size_t max_request_bytes = 8 * 1024;  // bodies (the API takes none) and
  int timeout_seconds = 5;              // read/write/keep-alive timeouts
  std::filesystem::path kb;             // fact-check KB for /api/claims; empty: none
  std::filesystem::path kb_model;       // re-ranker; empty: KB/reranker.model when present
  size_t claim_matchers = 4;            // claim searches run at once (each holds a KB handle)
};

bool is_loopback(std::string_view host);

class Server {
 public:
  // Throws UsageError for an unsafe configuration (no token off loopback, weak token) and
  // IoError when the address cannot be bound.
  Server(report::Findings findings, ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;  // the bound port
  void run();        // serves until stop()
  void stop();       // from any thread

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lockstep::serve
