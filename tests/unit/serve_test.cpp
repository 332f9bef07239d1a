// The HTTP API, in-process on an ephemeral loopback port: JSON, limits, auth, security headers,
// connection cap, and static files that cannot leave the web root.
#include "serve/serve.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <simdjson.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "base/error.h"
#include "hostile_findings.h"
#include "percent_encode.h"
#include "serve/static_files.h"

using namespace lockstep;
namespace fs = std::filesystem;

namespace {

// A server running on its own thread for the life of the object.
struct Running {
  serve::Server server;
  std::thread thread;
  Running(report::Findings f, serve::ServeOptions o) : server(std::move(f), std::move(o)) {
    thread = std::thread([this] { server.run(); });
    // listen_after_bind starts accepting at once; wait until it answers.
    httplib::Client c("127.0.0.1", server.port());
    for (int i = 0; i < 100 && !c.Get("/api/nothing"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~Running() {
    server.stop();
    thread.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server.port());
    c.set_url_encode(false);  // send paths exactly as written
    return c;
  }
};

serve::ServeOptions loopback(fs::path web = {}) {
  serve::ServeOptions o;
  o.port = 0;
  o.threads = 4;
  o.timeout_seconds = 1;
  o.web_root = std::move(web);
  return o;
}

simdjson::dom::element parse(simdjson::dom::parser& p, const std::string& body) {
  simdjson::dom::element e;
  EXPECT_FALSE(p.parse(body).get(e)) << body;
  return e;
}

}  // namespace

class Api : public ::testing::Test {
 protected:
  fixtures::HostileDir h{"serve"};
};

TEST_F(Api, EndpointsAnswerJsonWithSecurityHeaders) {
  Running r(report::load_findings(h.dir, &h.table), loopback());
  auto c = r.client();
  simdjson::dom::parser p;

  auto res = c.Get("/api/summary");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  auto s = parse(p, res->body);
  EXPECT_EQ(uint64_t(s["flagged_accounts"]), 4u);
  EXPECT_EQ(uint64_t(s["summary"]["events"]), 12u);
  EXPECT_FALSE(bool(s["have_brigades"]));
  // Post text is hostile: '<' never leaves the server unescaped, even inside JSON.
  EXPECT_EQ(res->body.find('<'), std::string::npos);

  res = c.Get("/api/campaigns?limit=1");
  auto list = parse(p, res->body);
  EXPECT_EQ(uint64_t(list["total"]), 1u);
  EXPECT_EQ(simdjson::dom::array(list["items"]).size(), 1u);

  res = c.Get("/api/campaigns/0?bins=10");
  ASSERT_EQ(res->status, 200);
  auto camp = parse(p, res->body);
  EXPECT_EQ(simdjson::dom::array(camp["members"]).size(), 3u);
  EXPECT_EQ(simdjson::dom::array(camp["edges"]).size(), 2u);
  EXPECT_GT(simdjson::dom::array(camp["timeline"]["counts"]).size(), 0u);
  EXPECT_EQ(c.Get("/api/campaigns/7")->status, 404);

  auto id = h.payloads[0] + "#0";
  res = c.Get("/api/accounts/" + percent_encode(id) + "?limit=1");
  ASSERT_EQ(res->status, 200) << res->body;
  auto acc = parse(p, res->body);
  EXPECT_EQ(std::string_view(acc["id"]), id);
  EXPECT_EQ(uint64_t(acc["edges"]["total"]), 2u);
  auto items = simdjson::dom::array(acc["edges"]["items"]);
  ASSERT_EQ(items.size(), 1u);
  auto ev = simdjson::dom::array((*items.begin())["evidence"]);
  EXPECT_EQ(std::string_view((*ev.begin())["a"]["text"]), "text " + h.payloads[2]);
  EXPECT_EQ(res->body.find('<'), std::string::npos);
  EXPECT_EQ(c.Get("/api/accounts/nobody")->status, 404);

  res = c.Get("/api/accounts?q=" + percent_encode("ONERROR"));
  EXPECT_EQ(uint64_t(parse(p, res->body)["total"]), 1u);  // case-insensitive
  res = c.Get("/api/network");
  auto net = parse(p, res->body);
  EXPECT_EQ(simdjson::dom::array(net["nodes"]["id"]).size(), 4u);
  EXPECT_EQ(simdjson::dom::array(net["edges"]["source"]).size(), 3u);
  double last = 1e300;  // edges come strongest first
  for (auto s : simdjson::dom::array(net["edges"]["strength"])) {
    EXPECT_LE(double(s), last);
    last = double(s);
  }
  // Compressed once at start and sent as is (httplib's client inflates it); identity otherwise.
  auto plain = c.Get("/api/network", {{"Accept-Encoding", "identity"}});
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  auto gz = c.Get("/api/network", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_EQ(gz->body, plain->body);
  EXPECT_FALSE(
      c.Get("/api/network", {{"Accept-Encoding", "gzip;q=0, br"}})->has_header("Content-Encoding"));
  res = c.Get("/api/brigades");
  auto br = parse(p, res->body);
  EXPECT_FALSE(bool(br["available"]));
  EXPECT_NE(std::string_view(br["message"]).find("no brigades.csv"), std::string_view::npos);
  EXPECT_EQ(c.Get("/api/nope")->status, 404);
}

TEST_F(Api, QueryCostAndRequestLimits) {
  Running r(report::load_findings(h.dir, &h.table), loopback());
  auto c = r.client();
  EXPECT_EQ(c.Get("/api/campaigns?limit=1001")->status, 400);
  EXPECT_EQ(c.Get("/api/campaigns?limit=-1")->status, 400);
  EXPECT_EQ(c.Get("/api/campaigns?offset=abc")->status, 400);
  EXPECT_EQ(c.Get("/api/campaigns/0?bins=100000")->status, 400);
  EXPECT_EQ(c.Get("/api/accounts?q=" + std::string(300, 'a'))->status, 400);
  EXPECT_EQ(c.Get("/api/campaigns?offset=99999")->status, 200);  // past the end: empty page
  EXPECT_EQ(c.Post("/api/summary", "x", "text/plain")->status, 405);
  EXPECT_EQ(c.Delete("/api/summary")->status, 405);
  // No route takes a body: any other method is refused before its body is read.
  EXPECT_EQ(c.Post("/api/summary", std::string(50'000, 'x'), "text/plain")->status, 405);
  EXPECT_EQ(c.Get("/api/summary")->status, 200);
  auto longuri = c.Get("/api/summary?" + std::string(10'000, 'a'));
  ASSERT_TRUE(longuri);
  EXPECT_EQ(longuri->status, 414);
}

TEST_F(Api, LoopbackRefusesForeignHostHeaders) {
  Running r(report::load_findings(h.dir, &h.table), loopback());
  auto c = r.client();
  EXPECT_EQ(c.Get("/api/summary", {{"Host", "attacker.example"}})->status, 421);
  EXPECT_EQ(c.Get("/api/summary", {{"Host", "localhost:8080"}})->status, 200);
  EXPECT_EQ(c.Get("/api/summary", {{"Host", "[::1]:8080"}})->status, 200);
}

TEST_F(Api, BearerTokenRequiredOffLoopbackAndEnforced) {
  auto exposed = loopback();
  exposed.host = "0.0.0.0";
  EXPECT_THROW(serve::Server(report::load_findings(h.dir), exposed), UsageError);
  exposed.token = "short";
  EXPECT_THROW(serve::Server(report::load_findings(h.dir), exposed), UsageError);

  auto o = loopback();
  o.token = "0123456789abcdef0123456789abcdef";
  Running r(report::load_findings(h.dir), o);
  auto c = r.client();
  auto res = c.Get("/api/summary");
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(c.Get("/api/summary", {{"Authorization", "Bearer wrong"}})->status, 401);
  EXPECT_EQ(c.Get("/api/summary", {{"Authorization", "Bearer " + o.token + "x"}})->status, 401);
  EXPECT_EQ(c.Get("/api/summary", {{"Authorization", "Bearer " + o.token}})->status, 200);
  // The dashboard's static files hold no data: they load without the token.
  EXPECT_NE(c.Get("/")->status, 401);
}

TEST_F(Api, ConnectionsBeyondTheCapGet503) {
  auto o = loopback();
  o.threads = 1;
  o.max_connections = 1;
  o.timeout_seconds = 2;
  Running r(report::load_findings(h.dir), o);
  // An idle connection holds the only slot until its read times out. (The warm-up connection of
  // Running may still hold it for a moment on a busy machine: then try again.)
  int fd = -1;
  int shed_status = 0;
  for (int attempt = 0; attempt < 10 && shed_status != 503; ++attempt) {
    if (fd >= 0) ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(r.server.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto res = r.client().Get("/api/summary");
    ASSERT_TRUE(res);
    shed_status = res->status;
    if (shed_status == 503) {
      EXPECT_EQ(res->get_header_value("Retry-After"), "1");
    }
  }
  EXPECT_EQ(shed_status, 503);
  ::close(fd);
  // The slot frees once the worker sees the close; on a busy machine that can take a moment.
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto again = r.client().Get("/api/summary");
    status = again ? again->status : 0;
  }
  EXPECT_EQ(status, 200);
}

class StaticFiles : public ::testing::Test {
 protected:
  fs::path base = fs::temp_directory_path() / ("lockstep-web-" + std::to_string(::getpid()));
  fs::path root = base / "dist";
  void SetUp() override {
    fs::remove_all(base);
    fs::create_directories(root / "assets");
    std::ofstream(root / "index.html") << "<!doctype html><title>dash</title>";
    std::ofstream(root / "assets" / "app.js") << "console.log(1)";
    std::ofstream(base / "secret.txt") << "SECRET";
    fs::create_symlink(base / "secret.txt", root / "leak.txt");
    fs::create_directory_symlink(base, root / "up");
    fs::create_symlink(root / "assets" / "app.js", root / "inside.js");
  }
  void TearDown() override { fs::remove_all(base); }
};

TEST_F(StaticFiles, ResolveStaysInsideTheRoot) {
  using serve::resolve_static;
  EXPECT_TRUE(resolve_static(root, "/"));
  EXPECT_TRUE(resolve_static(root, "/assets/app.js"));
  EXPECT_STREQ(resolve_static(root, "/assets/app.js")->content_type,
               "text/javascript; charset=utf-8");
  EXPECT_TRUE(resolve_static(root, "/inside.js"));  // a symlink within the root is fine
  for (const char* bad :
       {"/../secret.txt", "/assets/../../secret.txt", "/leak.txt", "/up/secret.txt",
        "/./index.html", "//etc/passwd", "/assets//app.js", "/..\\secret.txt", "/assets",
        "/missing", "", "index.html", "/C:/secret.txt"})
    EXPECT_FALSE(resolve_static(root, bad)) << bad;
  EXPECT_FALSE(resolve_static(root, std::string_view("/index.html\0.js", 15)));
}

TEST_F(StaticFiles, TraversalOverHttpIsRefused) {
  fixtures::HostileDir h("serve-static");
  Running r(report::load_findings(h.dir), loopback(root));
  auto c = r.client();
  auto res = c.Get("/");
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<!doctype html><title>dash</title>");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(c.Get("/assets/app.js")->status, 200);
  for (const char* bad :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
        "/assets/..%2f..%2fsecret.txt", "/%252e%252e/secret.txt", "/leak.txt", "/up/secret.txt",
        "/.%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/%00"}) {
    auto bad_res = c.Get(bad);
    ASSERT_TRUE(bad_res) << bad;
    EXPECT_NE(bad_res->status, 200) << bad;
    EXPECT_EQ(bad_res->body.find("SECRET"), std::string::npos) << bad;
  }
}

TEST_F(StaticFiles, MissingDashboardSaysWhatToRun) {
  fixtures::HostileDir h("serve-nodash");
  Running r(report::load_findings(h.dir), loopback(base / "nothing"));
  auto res = r.client().Get("/");
  EXPECT_EQ(res->status, 503);
  EXPECT_NE(res->body.find("npm ci && npm run build"), std::string::npos);
  EXPECT_EQ(r.client().Get("/api/summary")->status, 200);
}

TEST_F(Api, BrigadesFollowTheFileAndStreamChanges) {
  Running r(report::load_findings(h.dir, &h.table), loopback());
  auto c = r.client();
  simdjson::dom::parser p;
  EXPECT_FALSE(bool(parse(p, c.Get("/api/brigades")->body)["available"]));
  // A stream reader on its own thread collects events until it has seen two.
  std::string events;
  std::thread reader([&] {
    auto sc = r.client();
    sc.Get("/api/brigades/stream", [&](const char* data, size_t n) {
      events.append(data, n);
      return events.find("\"version\":1") == std::string::npos;
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  h.write("brigades.csv",
          "target_id,start,end,member_account_id,alert_time\n\"<b>t</b>\",1000,9000,x,2000\n");
  reader.join();
  EXPECT_NE(events.find("event: brigades\ndata: {\"version\":0,\"available\":false"),
            std::string::npos)
      << events;
  EXPECT_NE(events.find("{\"version\":1,\"available\":true,\"total\":1}"), std::string::npos)
      << events;
  auto b = parse(p, c.Get("/api/brigades")->body);
  EXPECT_TRUE(bool(b["available"]));
  EXPECT_EQ(std::string_view((*simdjson::dom::array(b["items"]).begin())["target_id"]), "<b>t</b>");
  EXPECT_EQ(uint64_t(parse(p, c.Get("/api/summary")->body)["brigades"]), 1u);
  // A half-written row keeps the last good state.
  h.write("brigades.csv", "target_id,start,end,member_account_id\n\"open quote,1");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(uint64_t(parse(p, c.Get("/api/brigades")->body)["total"]), 1u);
}
