// `lockstep serve DIR [--kb KB]`: the HTTP API and web dashboard over an analysis directory, with
// claim search when given a fact-check KB.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "base/error.h"
#include "cli/commands.h"
#include "serve/serve.h"

namespace lockstep::cli {

namespace fs = std::filesystem;

namespace {

struct ServeArgs {
  std::string dir, web, token_file, kb, model;
  serve::ServeOptions options;
};

// The built dashboard: beside the source tree this binary was built from, or relative to the
// binary (build/<preset>/src/lockstep -> web/dist).
fs::path find_web_root() {
  std::vector<fs::path> candidates;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path() / "../../../web/dist");
  candidates.push_back(LOCKSTEP_WEB_DIST);
  for (const auto& c : candidates)
    if (fs::is_regular_file(c / "index.html", ec)) return c.lexically_normal();
  return fs::path(LOCKSTEP_WEB_DIST);
}

std::string read_token(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("{}: cannot read the token file", path));
  std::string token;
  std::getline(in, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  return token;
}

}  // namespace

void register_serve(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand(
      "serve", "Serve the web dashboard and a JSON API (/api/) over an analysis directory");
  cmd->add_option("dir", args->dir, "Directory written by `lockstep analyze`")->required();
  cmd->add_option("--host", args->options.host,
                  "Address to bind (default 127.0.0.1; any other needs a token)");
  cmd->add_option("--port,-p", args->options.port, "Port (default 8080; 0 = any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--web", args->web, "Directory of the built dashboard (default: web/dist)");
  cmd->add_option("--token-file", args->token_file,
                  "File whose first line is the bearer token for /api/ (or set LOCKSTEP_TOKEN)");
  cmd->add_option("--kb", args->kb,
                  "Fact-check KB from `lockstep claims index`: enables claim search (/api/claims)");
  cmd->add_option("--model", args->model,
                  "Re-ranker for claim search (default KB/reranker.model if present, else BM25)");
  cmd->add_option("--threads", args->options.threads,
                  "Connections served at once (one thread each)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--max-connections", args->options.max_connections,
                  "Connections held at once; more get 503")
      ->check(CLI::Range(1, 100000));
  cmd->callback([args]() {
    auto& o = args->options;
    if (!args->token_file.empty())
      o.token = read_token(args->token_file);
    else if (const char* env = std::getenv("LOCKSTEP_TOKEN"))
      o.token = env;
    o.web_root = args->web.empty() ? find_web_root() : fs::path(args->web);
    if (args->kb.empty() && !args->model.empty())
      throw UsageError("--model is the claim-search re-ranker: give it with --kb KB");
    o.kb = args->kb;
    o.kb_model = args->model;
    serve::Server server(report::load_findings(args->dir), o);
    if (!fs::is_regular_file(o.web_root / "index.html"))
      std::fprintf(stderr,
                   "lockstep serve: no dashboard at %s: build it with `cd web && npm ci && npm "
                   "run build` (or pass --web DIR); serving the JSON API only\n",
                   o.web_root.c_str());
    std::fprintf(
        stderr, "lockstep serve: %s at http://%s:%d/ (API under /api/%s); Ctrl-C stops\n",
        args->dir.c_str(),
        o.host.find(':') != std::string::npos ? ("[" + o.host + "]").c_str() : o.host.c_str(),
        server.port(), o.token.empty() ? "" : ", bearer token required");
    if (!o.kb.empty())
      std::fprintf(stderr, "lockstep serve: claim search over %s%s\n", o.kb.c_str(),
                   fs::exists(o.kb_model.empty() ? o.kb / "reranker.model" : o.kb_model)
                       ? ""
                       : " (BM25 only: no re-ranker in the KB)");
    server.run();
  });
}

}  // namespace lockstep::cli
