// `lockstep watch` as a process: a followed file that grows, kill -9 mid-stream and restart, and a
// real NATS JetStream server. The outputs after a crash must equal those of an uninterrupted run.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nats/nats.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A child process, killed (SIGKILL) if the test leaves it running.
class Process {
 public:
  explicit Process(std::vector<std::string> args, const fs::path& log = {}) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (!log.empty())
      posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
  }
  ~Process() {
    if (pid_ > 0 && !done_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  bool started() const { return pid_ > 0; }
  void kill9() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    done_ = true;
    killed_by_signal_ = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }
  bool killed_by_sigkill() const { return killed_by_signal_; }
  // Exit status, waiting at most `limit`; -1 when it did not end in time.
  int wait(std::chrono::milliseconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        done_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(10ms);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  bool done_ = false, killed_by_signal_ = false;
};

class WatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = fs::temp_directory_path() /
           ("lockstep-watch-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
    // A small platform with three planted brigades (QUT CSV: a header, then one post a line).
    Process synth({LOCKSTEP_BIN, "synth", "--out", (tmp_ / "world").string(), "--seed", "7",
                   "--accounts", "3000", "--days", "2", "--campaign-mix", "brigade=3", "-q"});
    ASSERT_EQ(synth.wait(60s), 0);
    stream_ = slurp(tmp_ / "world" / "posts.csv");
    ASSERT_GT(stream_.size(), 100000u);
    // The uninterrupted reference run.
    Process ref({LOCKSTEP_BIN, "watch", (tmp_ / "world" / "posts.csv").string(), "--out",
                 (tmp_ / "ref").string(), "--alerts", (tmp_ / "ref" / "alerts.ndjson").string()});
    ASSERT_EQ(ref.wait(60s), 0);
    ref_alerts_ = slurp(tmp_ / "ref" / "alerts.ndjson");
    ref_brigades_ = slurp(tmp_ / "ref" / "brigades.csv");
    ASSERT_NE(ref_alerts_.find("\"alert\":\"brigade\""), std::string::npos);
    ASSERT_GT(std::count(ref_brigades_.begin(), ref_brigades_.end(), '\n'), 10);
  }
  void TearDown() override { fs::remove_all(tmp_); }

  // The checkpointed position in DIR/watch.state (0 when there is none yet).
  static uint64_t checkpointed(const fs::path& dir) {
    std::string s = slurp(dir / "watch.state");
    size_t at = s.find("\noffset=");
    return at == std::string::npos ? 0 : std::stoull(s.substr(at + 8));
  }

  void expect_same_outputs(const fs::path& dir) {
    EXPECT_EQ(slurp(dir / "alerts.ndjson"), ref_alerts_);
    EXPECT_EQ(slurp(dir / "brigades.csv"), ref_brigades_);
    for (const auto& e : fs::directory_iterator(tmp_ / "ref" / "blocklists"))
      EXPECT_EQ(slurp(dir / "blocklists" / e.path().filename()), slurp(e.path()))
          << e.path().filename();
  }

  fs::path tmp_;
  std::string stream_, ref_alerts_, ref_brigades_;
};

TEST_F(WatchTest, KillNineMidStreamThenResumeEqualsUninterruptedRun) {
  const fs::path live = tmp_ / "live.csv", out = tmp_ / "run", log = tmp_ / "watch.log";
  std::vector<std::string> cmd = {LOCKSTEP_BIN,
                                  "watch",
                                  live.string(),
                                  "--follow",
                                  "--idle-exit",
                                  "1.5",
                                  "--out",
                                  out.string(),
                                  "--alerts",
                                  (out / "alerts.ndjson").string(),
                                  "--checkpoint-records",
                                  "300",
                                  "--checkpoint-seconds",
                                  "0.02"};
  { std::ofstream(live, std::ios::binary); }
  std::ofstream writer(live, std::ios::binary | std::ios::app);
  // Append in odd-sized chunks (cutting lines in half) while the watch follows the file; kill it
  // without warning while it is busy, once it has checkpointed a good part of the stream.
  const size_t chunk = 7919;
  size_t written = 0;
  {
    Process first(cmd, log);
    ASSERT_TRUE(first.started());
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while (checkpointed(out) < stream_.size() / 3 && std::chrono::steady_clock::now() < deadline) {
      if (written < stream_.size() * 4 / 5) {
        writer.write(stream_.data() + written, chunk);
        writer.flush();
        written += chunk;
      }
      std::this_thread::sleep_for(1ms);
    }
    ASSERT_GE(checkpointed(out), stream_.size() / 3);
    first.kill9();
    ASSERT_TRUE(first.killed_by_sigkill());
  }
  EXPECT_LT(checkpointed(out), stream_.size());
  Process second(cmd, log);
  ASSERT_TRUE(second.started());
  for (; written < stream_.size(); written += chunk) {
    writer.write(stream_.data() + written, std::min(chunk, stream_.size() - written));
    writer.flush();
  }
  writer.close();
  ASSERT_EQ(second.wait(60s), 0) << slurp(log);
  EXPECT_NE(slurp(log).find("resumed"), std::string::npos) << slurp(log);
  EXPECT_EQ(checkpointed(out), stream_.size());
  expect_same_outputs(out);
}

TEST_F(WatchTest, StandardInputEqualsTheFile) {
  const fs::path out = tmp_ / "stdin";
  std::string cmd = std::string(LOCKSTEP_BIN) + " watch - --out " + out.string() + " --alerts " +
                    (out / "alerts.ndjson").string() + " < " +
                    (tmp_ / "world" / "posts.csv").string() + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  expect_same_outputs(out);
}

TEST_F(WatchTest, AnalyzeWritesTheSameBrigades) {
  // `lockstep analyze` runs the same detector over the history: the same brigade rows (the
  // clusters it finds only add evidence, and these brigades are flagged without it).
  const fs::path out = tmp_ / "analyze";
  Process analyze(
      {LOCKSTEP_BIN, "analyze", (tmp_ / "world" / "posts.csv").string(), "--out", out.string()});
  ASSERT_EQ(analyze.wait(60s), 0);
  std::string rows = slurp(out / "brigades.csv");
  ASSERT_TRUE(rows.starts_with("target_id,start,end,member_account_id,alert_time,")) << rows;
  auto members = [](const std::string& csv) {
    std::vector<std::string> out;
    std::stringstream ss(csv);
    std::string line;
    std::getline(ss, line);  // header
    while (std::getline(ss, line)) {
      // target_id,start,end,member_account_id: the incident ids may differ, the rows not.
      size_t cut = 0;
      for (int i = 0; i < 4; ++i) cut = line.find(',', cut + 1);
      out.push_back(line.substr(0, cut));
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(members(rows), members(ref_brigades_));
}

// --- NATS JetStream ------------------------------------------------------------------------------

std::string find_nats_server() {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  path += ":/usr/sbin:/usr/bin:/usr/local/bin";
  std::stringstream ss(path);
  for (std::string dir; std::getline(ss, dir, ':');)
    if (!dir.empty() && ::access((dir + "/nats-server").c_str(), X_OK) == 0)
      return dir + "/nats-server";
  return {};
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

TEST_F(WatchTest, NatsJetStreamWithKillNineAndResume) {
  const std::string server = find_nats_server();
  if (server.empty())
    GTEST_SKIP() << "nats-server is not installed (scripts/install-deps.sh installs it)";
  const int port = free_port();
  const std::string url = "nats://127.0.0.1:" + std::to_string(port);
  Process nats({server, "-a", "127.0.0.1", "-p", std::to_string(port), "-js", "-sd",
                (tmp_ / "jetstream").string()},
               tmp_ / "nats.log");
  ASSERT_TRUE(nats.started());
  natsConnection* nc = nullptr;
  for (int i = 0; i < 200 && natsConnection_ConnectTo(&nc, url.c_str()) != NATS_OK; ++i)
    std::this_thread::sleep_for(25ms);
  ASSERT_NE(nc, nullptr) << "nats-server did not come up: " << slurp(tmp_ / "nats.log");
  jsCtx* js = nullptr;
  ASSERT_EQ(natsConnection_JetStream(&js, nc, nullptr), NATS_OK);
  jsStreamConfig sc;
  jsStreamConfig_Init(&sc);
  sc.Name = "POSTS";
  const char* subjects[] = {"posts.>"};
  sc.Subjects = subjects;
  sc.SubjectsLen = 1;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  ASSERT_EQ(js_AddStream(nullptr, js, &sc, nullptr, &jerr), NATS_OK);
  // Messages of a few lines each (the CSV header comes first, alone).
  std::vector<std::pair<size_t, size_t>> messages;
  for (size_t pos = 0; pos < stream_.size();) {
    size_t end = pos;
    for (int lines = 0; lines < (messages.empty() ? 1 : 5) && end < stream_.size(); ++lines) {
      end = stream_.find('\n', end);
      end = end == std::string::npos ? stream_.size() : end + 1;
    }
    messages.emplace_back(pos, end);
    pos = end;
  }
  auto publish = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i)
      ASSERT_EQ(
          js_Publish(nullptr, js, "posts.synth", stream_.data() + messages[i].first,
                     static_cast<int>(messages[i].second - messages[i].first), nullptr, &jerr),
          NATS_OK);
  };
  const size_t first_part = messages.size() * 3 / 5;
  publish(0, first_part);
  const fs::path out = tmp_ / "nats-run", log = tmp_ / "nats-watch.log";
  std::vector<std::string> cmd = {LOCKSTEP_BIN,
                                  "watch",
                                  "--nats",
                                  url,
                                  "--stream",
                                  "POSTS",
                                  "--subject",
                                  "posts.synth",
                                  "--idle-exit",
                                  "1.5",
                                  "--out",
                                  out.string(),
                                  "--alerts",
                                  (out / "alerts.ndjson").string(),
                                  "--checkpoint-records",
                                  "200",
                                  "--checkpoint-seconds",
                                  "0.02"};
  {
    Process first(cmd, log);
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (checkpointed(out) < messages.size() / 3 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(1ms);
    ASSERT_GE(checkpointed(out), messages.size() / 3) << slurp(log);
    first.kill9();
  }
  EXPECT_LE(checkpointed(out), first_part);
  publish(first_part, messages.size());
  Process second(cmd, log);
  ASSERT_EQ(second.wait(60s), 0) << slurp(log);
  EXPECT_NE(slurp(log).find("resumed"), std::string::npos) << slurp(log);
  EXPECT_EQ(checkpointed(out), messages.size());  // the last stream sequence
  expect_same_outputs(out);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
}

}  // namespace
