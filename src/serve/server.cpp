// HTTP wiring of the API and the dashboard: routes, limits, auth and security headers.
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <charconv>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "base/error.h"
#include "base/json_writer.h"
#include "base/time_parse.h"
#include "serve/api.h"
#include "serve/claim_search.h"
#include "serve/gzip.h"
#include "serve/serve.h"
#include "serve/static_files.h"
#include "text/text.h"

namespace lockstep::serve {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxPageLimit = 1000;
constexpr size_t kMaxCampaignMembers = 20000;
constexpr uint32_t kMaxBins = 2000;
constexpr size_t kMaxQueryBytes = 200;
// Claim search takes a whole post as its query (a long thread post is a few thousand bytes).
constexpr size_t kMaxClaimQueryBytes = 2000, kMaxClaimResults = 50, kMaxFilterBytes = 200;
// A claim search waits this long for a free matcher before answering 503.
constexpr std::chrono::seconds kClaimWait{10};
constexpr size_t kNetworkNodes = 100'000, kNetworkEdges = 500'000;

// Connections beyond the cap are not left to queue without bound: they go to one shedding thread
// whose requests are answered 503 at once. (httplib 0.11's TaskQueue cannot refuse a
// connection, so the pre-routing handler recognises the shedding thread by its id.)
struct Load {
  size_t cap;
  std::atomic<size_t> in_flight{0};
  std::atomic<uint64_t> shed{0};
  std::atomic<std::thread::id> shed_thread{};
};

class BoundedQueue : public httplib::TaskQueue {
 public:
  BoundedQueue(size_t threads, std::shared_ptr<Load> load)
      : work_(threads), shedder_(1), load_(std::move(load)) {}

  void enqueue(std::function<void()> fn) override {
    // Called only from the accepting thread, so the check and the increment cannot interleave.
    if (load_->in_flight.load() >= load_->cap) {
      ++load_->shed;
      shedder_.enqueue([fn = std::move(fn), load = load_] {
        load->shed_thread = std::this_thread::get_id();
        fn();
      });
      return;
    }
    ++load_->in_flight;
    work_.enqueue([fn = std::move(fn), load = load_] {
      fn();
      --load->in_flight;
    });
  }

  void shutdown() override {
    work_.shutdown();
    shedder_.shutdown();
  }

 private:
  httplib::ThreadPool work_, shedder_;
  std::shared_ptr<Load> load_;
};

struct BadRequest {
  std::string why;
};

size_t size_param(const httplib::Request& req, const char* name, size_t fallback, size_t max) {
  if (!req.has_param(name)) return fallback;
  auto v = req.get_param_value(name);
  size_t out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size())
    throw BadRequest{fmt::format("{} must be a non-negative integer", name)};
  if (out > max) throw BadRequest{fmt::format("{} must be at most {}", name, max)};
  return out;
}

Page page_param(const httplib::Request& req, size_t default_limit) {
  Page p;
  p.offset = size_param(req, "offset", 0, SIZE_MAX / 4);
  p.limit = size_param(req, "limit", default_limit, kMaxPageLimit);
  return p;
}

// since/until: YYYY-MM-DD exactly (the KB stores review dates so), a real day (no 2020-02-30),
// as days since 1970-01-01.
std::optional<int64_t> day_param(const httplib::Request& req, const char* name) {
  auto v = req.get_param_value(name);
  if (v.empty()) return std::nullopt;
  bool shape = v.size() == 10 && v[4] == '-' && v[7] == '-';
  for (size_t i = 0; shape && i < v.size(); ++i)
    if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9')) shape = false;
  if (shape) {
    int64_t y = std::stoi(v.substr(0, 4));
    unsigned m = std::stoul(v.substr(5, 2)), d = std::stoul(v.substr(8, 2));
    int64_t day = days_from_civil(y, m, d);
    CivilDate back = civil_from_days(day);
    if (m >= 1 && m <= 12 && d >= 1 && back.year == y && back.month == m && back.day == d)
      return day;
  }
  throw BadRequest{fmt::format("{} must be a date written YYYY-MM-DD, e.g. 2020-03-31", name)};
}

ClaimQuery claim_query(const httplib::Request& req) {
  ClaimQuery q;
  auto text = req.get_param_value("q");
  if (text.size() > kMaxClaimQueryBytes)
    throw BadRequest{fmt::format(
        "q must be at most {} bytes: search with the post's first sentences", kMaxClaimQueryBytes)};
  // Invalid UTF-8 in the query is repaired (U+FFFD) so that it can be analysed and echoed.
  text::repair_utf8(text, q.text);
  if (q.text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw BadRequest{"q is required: the text of a post or claim to look up"};
  q.k = size_param(req, "k", 10, kMaxClaimResults);
  if (q.k == 0) throw BadRequest{"k must be at least 1"};
  q.filter.lang = req.get_param_value("lang");
  q.filter.publisher = req.get_param_value("publisher");
  if (q.filter.lang.size() > 16 || q.filter.publisher.size() > kMaxFilterBytes)
    throw BadRequest{
        fmt::format("lang must be at most 16 bytes and publisher at most {}", kMaxFilterBytes)};
  q.filter.since_day = day_param(req, "since");
  q.filter.until_day = day_param(req, "until");
  if (q.filter.since_day && q.filter.until_day && *q.filter.since_day > *q.filter.until_day)
    throw BadRequest{"since is after until: swap them"};
  return q;
}

std::string error_json(std::string_view message) {
  std::string out = "{\"error\":";
  append_json_string(out, message);
  return out + "}";
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

// On loopback, a page on another site can reach us through DNS rebinding: only our own names.
bool host_allowed(const std::string& host_header) {
  std::string_view h = host_header;
  if (h.starts_with("[")) {
    auto close = h.find(']');
    if (close == std::string_view::npos) return false;
    h = h.substr(1, close - 1);
  } else if (auto colon = h.rfind(':'); colon != std::string_view::npos) {
    h = h.substr(0, colon);
  }
  return h == "localhost" || h == "::1" || is_loopback(h);
}

const char* kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

std::string missing_dashboard_page(const fs::path& root) {
  return fmt::format(
      "lockstep serve: the web dashboard is not built (looked for {}).\n"
      "Build it with:  cd web && npm ci && npm run build   (scripts/setup.sh does this),\n"
      "or point to a built one with --web DIR. The JSON API works meanwhile: /api/summary "
      "(see docs/api.md).\n",
      root.empty() ? std::string("web/dist") : (root / "index.html").string());
}

// Whether an Accept-Encoding header allows gzip: a "gzip" coding not weighted q=0.
constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr size_t kCompressFrom = 8192;  // smaller answers are not worth a compressor

bool accepts_gzip(std::string_view header) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view coding = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto trim = [](std::string_view v) {
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      return v;
    };
    size_t semi = coding.find(';');
    if (trim(coding.substr(0, semi)) != "gzip") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view q = trim(coding.substr(semi + 1));
    return !(q.starts_with("q=0") && q.find_first_not_of("0.", 3) == std::string_view::npos);
  }
  return false;
}

}  // namespace

bool is_loopback(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return false;
  }
  return dots == 3;
}

struct Server::Impl {
  report::Findings findings;
  ServeOptions options;
  bool loopback;
  bool have_web;
  std::string network;                  // computed once: the biggest answer
  std::string network_gzip;             // ... and compressed once (httplib would on every request)
  std::unique_ptr<ClaimSearch> claims;  // with --kb only
  std::shared_ptr<Load> load = std::make_shared<Load>();
  httplib::Server http;
  int port = 0;
  socket_t listen_socket = INVALID_SOCKET;

  // A campaign's answer is the costliest (members, edges, timeline): the findings never change,
  // so answers are kept, up to a bounded number, and the cache starts over when full.
  std::mutex campaign_mutex;
  std::map<std::tuple<uint32_t, size_t, uint32_t>, std::shared_ptr<const std::string>> campaigns;
  static constexpr size_t kCampaignCache = 256;

  std::shared_ptr<const std::string> campaign_cached(uint32_t id, size_t members, uint32_t bins) {
    auto key = std::make_tuple(id, members, bins);
    {
      std::lock_guard lock(campaign_mutex);
      if (auto it = campaigns.find(key); it != campaigns.end()) return it->second;
    }
    auto body = std::make_shared<const std::string>(campaign_json(findings, id, members, bins));
    std::lock_guard lock(campaign_mutex);
    if (campaigns.size() >= kCampaignCache) campaigns.clear();
    campaigns.emplace(key, body);
    return body;
  }

  // Live brigade incidents as Server-Sent Events: an event when brigades.csv changes (and one at
  // once), a comment every 15 s to keep proxies from closing the stream. Each stream holds a
  // connection thread, so there are few, and each ends after 10 minutes (EventSource and the
  // dashboard reconnect).
  std::unique_ptr<BrigadeFeed> brigades;
  std::atomic<int> streams{0};
  std::atomic<bool> stopping{false};
  static constexpr int kMaxStreams = 8;

  void stream_brigades(httplib::Response& res) {
    if (streams.fetch_add(1) >= kMaxStreams) {
      --streams;
      json(res, error_json("too many live streams open; close another dashboard tab or retry"),
           503);
      return;
    }
    auto slot = std::shared_ptr<std::atomic<int>>(&streams, [](std::atomic<int>* s) { --*s; });
    auto start = std::chrono::steady_clock::now();
    auto state = std::make_shared<std::pair<uint64_t, std::chrono::steady_clock::time_point>>(
        UINT64_MAX, start);
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream", [this, slot, start, state](size_t, httplib::DataSink& sink) {
          auto now = std::chrono::steady_clock::now();
          if (stopping || now - start > std::chrono::minutes(10) || !sink.is_writable()) {
            sink.done();
            return true;
          }
          auto snapshot = brigades->current();
          std::string out;
          if (snapshot->version != state->first) {
            state->first = snapshot->version;
            out = brigades_event(*snapshot);
          } else if (now - state->second > std::chrono::seconds(15)) {
            out = ": keep-alive\n\n";
          }
          if (!out.empty()) {
            state->second = now;
            if (!sink.write(out.data(), out.size())) return false;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(300));
          return true;
        });
  }

  // JSON answers carry a charset so that httplib does not compress them itself: it picks brotli at
  // quality 11 for browsers, seconds of CPU per large answer. compress() gzips them instead.
  void json(httplib::Response& res, std::string body, int status = 200) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(std::move(body), kJsonType);
  }

  // After routing: a large JSON answer goes gzipped at a fast level to clients that take gzip.
  void compress() {
    http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      if (res.body.size() < kCompressFrom || res.has_header("Content-Encoding") ||
          res.get_header_value("Content-Type") != kJsonType ||
          !accepts_gzip(req.get_header_value("Accept-Encoding")))
        return;
      res.body = gzip(res.body, 1);
      res.set_header("Content-Encoding", "gzip");
      res.set_header("Vary", "Accept-Encoding");
      // httplib has already set the length of the plain body: this handler runs after that.
      res.headers.erase("Content-Length");
      res.set_header("Content-Length", std::to_string(res.body.size()));
    });
  }

  template <typename F>
  httplib::Server::Handler api(F f) {
    return [this, f](const httplib::Request& req, httplib::Response& res) {
      try {
        f(req, res);
      } catch (const BadRequest& e) {
        json(res, error_json(e.why), 400);
      }
    };
  }

  void routes() {
    http.Get("/api/summary", api([this](const auto&, auto& res) {
               ClaimsStatus status;
               if (claims) status = {true, claims->kb_records(), claims->has_model()};
               json(res, summary_json(findings, *brigades->current(), status));
             }));
    http.Get("/api/claims", api([this](const auto& req, auto& res) {
               if (!claims) {
                 json(res, error_json(kNoKbMessage), 404);
                 return;
               }
               auto body = claims->search_json(claim_query(req), kClaimWait);
               if (body.empty()) {
                 res.set_header("Retry-After", "1");
                 json(res, error_json("claim search is busy; retry shortly"), 503);
                 return;
               }
               json(res, std::move(body));
             }));
    http.Get("/api/campaigns", api([this](const auto& req, auto& res) {
               json(res, campaigns_json(findings, page_param(req, 50)));
             }));
    http.Get(R"(/api/campaigns/(\d{1,9}))", api([this](const auto& req, auto& res) {
               auto id = static_cast<uint32_t>(std::stoul(req.matches[1].str()));
               auto body =
                   campaign_cached(id, size_param(req, "members", 5000, kMaxCampaignMembers),
                                   static_cast<uint32_t>(size_param(req, "bins", 120, kMaxBins)));
               if (body->empty())
                 json(res, error_json(fmt::format("no campaign {}", id)), 404);
               else
                 json(res, *body);
             }));
    http.Get("/api/accounts", api([this](const auto& req, auto& res) {
               auto q = req.get_param_value("q");
               if (q.size() > kMaxQueryBytes)
                 throw BadRequest{fmt::format("q must be at most {} bytes", kMaxQueryBytes)};
               json(res, accounts_json(findings, q, page_param(req, 50)));
             }));
    http.Get(R"(/api/accounts/(.+))", api([this](const auto& req, auto& res) {
               const auto* a = findings.find_account(req.matches[1].str());
               if (!a) {
                 json(res, error_json("no flagged account with this id"), 404);
                 return;
               }
               json(res,
                    account_json(findings, *a, page_param(req, 20),
                                 static_cast<uint32_t>(size_param(req, "bins", 120, kMaxBins))));
             }));
    http.Get("/api/network", api([this](const auto& req, auto& res) {
               // Gzipped once at start; kJsonType keeps httplib from compressing it again.
               res.set_header("Cache-Control", "no-store");
               res.set_header("Vary", "Accept-Encoding");
               if (accepts_gzip(req.get_header_value("Accept-Encoding"))) {
                 res.set_header("Content-Encoding", "gzip");
                 res.set_content(network_gzip, kJsonType);
               } else {
                 res.set_content(network, kJsonType);
               }
             }));
    http.Get("/api/brigades", api([this](const auto& req, auto& res) {
               json(res, brigades_json(*brigades->current(), page_param(req, 50)));
             }));
    http.Get("/api/brigades/stream", [this](const auto&, auto& res) { stream_brigades(res); });
    http.Get(R"(/api/.*)", [this](const auto&, auto& res) {
      json(res, error_json("no such endpoint; the endpoints are listed in docs/api.md"), 404);
    });
    http.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      if (!have_web) {
        res.status = req.path == "/" ? 503 : 404;
        res.set_content(missing_dashboard_page(options.web_root), "text/plain; charset=utf-8");
        return;
      }
      auto file = resolve_static(options.web_root, req.path);
      if (!file) {
        res.status = 404;
        res.set_content("not found\n", "text/plain; charset=utf-8");
        return;
      }
      std::ifstream in(file->path, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      // Vite names assets by content hash: they can be cached for good; index.html cannot.
      res.set_header("Cache-Control", req.path.starts_with("/assets/")
                                          ? "public, max-age=31536000, immutable"
                                          : "no-cache");
      res.set_content(ss.str(), file->content_type);
    });
  }

  void guards() {
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (std::this_thread::get_id() == load->shed_thread.load()) {
        res.status = 503;
        res.set_header("Retry-After", "1");
        res.set_header("Connection", "close");
        json(res, error_json("too many connections; retry shortly"), 503);
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.method != "GET" && req.method != "HEAD") {
        res.set_header("Allow", "GET, HEAD");
        json(res, error_json("read-only API: only GET and HEAD"), 405);
        return httplib::Server::HandlerResponse::Handled;
      }
      if (loopback && !host_allowed(req.get_header_value("Host"))) {
        json(res, error_json("Host header not allowed: use localhost or 127.0.0.1"), 421);
        return httplib::Server::HandlerResponse::Handled;
      }
      if (!options.token.empty() && req.path.starts_with("/api/")) {
        auto auth = req.get_header_value("Authorization");
        if (!auth.starts_with("Bearer ") ||
            !constant_time_equal(std::string_view(auth).substr(7), options.token)) {
          res.set_header("WWW-Authenticate", "Bearer");
          json(res, error_json("missing or wrong bearer token (Authorization: Bearer TOKEN)"), 401);
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      std::string why = res.status == 413   ? "request too large"
                        : res.status == 414 ? "URI too long"
                                            : "bad request";
      if (req.path.starts_with("/api/"))
        json(res, error_json(why), res.status);
      else
        res.set_content(why + "\n", "text/plain; charset=utf-8");
    });
    http.set_exception_handler(
        [this](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "internal error";
          try {
            std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what += std::string(": ") + e.what();
          } catch (...) {
          }
          std::fprintf(stderr, "lockstep serve: %s\n", what.c_str());
          json(res, error_json("internal error; the server log says more"), 500);
        });
    http.set_default_headers({{"Content-Security-Policy", kCsp},
                              {"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Cross-Origin-Opener-Policy", "same-origin"},
                              {"Cross-Origin-Resource-Policy", "same-origin"},
                              {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"}});
    http.set_payload_max_length(options.max_request_bytes);
    http.set_read_timeout(options.timeout_seconds, 0);
    http.set_write_timeout(options.timeout_seconds, 0);
    http.set_keep_alive_timeout(options.timeout_seconds);
    // Thread per connection: a kept-alive connection holds its worker, so connections rotate
    // after 100 requests to let waiting ones in.
    http.set_keep_alive_max_count(100);
    // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and
    // delayed ACKs add 40 ms to every small answer. Accepted sockets inherit it on Linux.
    http.set_socket_options([this](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      listen_socket = sock;
    });
    load->cap = options.max_connections;
    http.new_task_queue = [this] {
      return std::make_unique<BoundedQueue>(options.threads, load).release();
    };
  }
};

Server::Server(report::Findings findings, ServeOptions options) : impl_(std::make_unique<Impl>()) {
  auto& s = *impl_;
  s.loopback = is_loopback(options.host);
  if (!s.loopback && options.token.empty())
    throw UsageError(
        fmt::format("serving on {} exposes the findings beyond this machine: set a bearer token "
                    "(LOCKSTEP_TOKEN=... or --token-file FILE), or bind 127.0.0.1",
                    options.host));
  if (!options.token.empty() && options.token.size() < 16)
    throw UsageError(
        "the bearer token is too short: use at least 16 random characters, e.g. "
        "`openssl rand -hex 24`");
  if (options.threads == 0 || options.max_connections < options.threads)
    throw UsageError("--threads must be at least 1 and --max-connections at least --threads");
  s.findings = std::move(findings);
  s.options = std::move(options);
  s.have_web =
      !s.options.web_root.empty() && fs::is_regular_file(s.options.web_root / "index.html");
  s.network = network_json(s.findings, kNetworkNodes, kNetworkEdges);
  s.network_gzip = gzip(s.network);
  if (!s.options.kb.empty())
    s.claims = std::make_unique<ClaimSearch>(s.options.kb, s.options.kb_model,
                                             std::min(s.options.claim_matchers, s.options.threads));
  s.brigades = std::make_unique<BrigadeFeed>(s.findings.dir / "brigades.csv", s.findings);
  s.routes();
  s.guards();
  s.compress();
  s.port = s.options.port == 0
               ? s.http.bind_to_any_port(s.options.host)
               : (s.http.bind_to_port(s.options.host, s.options.port) ? s.options.port : -1);
  // httplib 0.11 listens with a backlog of 5: under a burst of new connections the kernel drops
  // SYNs and clients wait a second to retry. Listening again on the bound socket raises it.
  if (s.port > 0 && s.listen_socket != INVALID_SOCKET) ::listen(s.listen_socket, 1024);
  if (s.port <= 0)
    throw IoError(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this "
                    "machine); pick another --port",
                    s.options.host, s.options.port));
}

Server::~Server() {
  stop();
}

int Server::port() const {
  return impl_->port;
}

void Server::run() {
  impl_->http.listen_after_bind();
}

void Server::stop() {
  if (!impl_) return;
  impl_->stopping = true;  // live streams end within one poll
  impl_->http.stop();
}

}  // namespace lockstep::serve
