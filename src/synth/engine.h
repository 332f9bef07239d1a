// The simulation loop. Time advances in 5-minute windows: organic activity for the window is
// drawn per time zone and sorted, then merged with a heap of scheduled actions (reposts in a
// cascade, members of a campaign acting, fans replying). Every post is written the moment it is
// made, so output is in time order and memory holds only what is still to happen.
#pragma once

#include <array>
#include <cstdint>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "synth/content.h"
#include "synth/output.h"
#include "synth/plan.h"
#include "synth/population.h"
#include "synth/truth.h"
#include "synth/writer.h"

namespace lockstep::synth {

enum class ActionType : uint8_t { organic, post, repost, reply, quote, campaign, pile_on, mega };

struct Action {
  int64_t t = 0;
  uint64_t seq = 0;  // creation order: ties in time resolve the same way on every run
  uint32_t account = kNoAccount;
  ActionType type = ActionType::organic;
  uint32_t index = 0, sub = 0;      // campaign / decoy index, activation number
  uint32_t addressee = kNoAccount;  // leading @mention
  Content content;
  PostRef parent;
};

struct EngineStats {
  uint64_t posts = 0;
  std::array<uint64_t, 4> by_kind{};
};

class Engine {
 public:
  Engine(const SynthOptions& o, const Population& pop, const Plan& plan, const TextGen& text,
         Formatter& fmt, Output& out, TruthWriter& truth);
  void run();
  const EngineStats& stats() const { return stats_; }

 private:
  // Heap entries are small; the actions they stand for wait in pool_.
  struct Slot {
    int64_t t;
    uint64_t seq;
    uint32_t pool;
  };
  // One organic action, before it is decided what it is.
  struct Organic {
    int64_t t;
    uint64_t seq;
    uint32_t account;
  };
  struct Later {
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return a.t != b.t ? a.t > b.t : a.seq > b.seq;
    }
  };
  struct CachedBody {
    uint64_t id = 0;
    Body body;
  };

  // scheduling
  void push(Action a);
  void organic_window(int64_t ws, int64_t we);
  void dispatch(const Action& a);
  void warm_up();

  // writing
  PostRef emit(store::EventKind kind, int64_t t, uint32_t author, const Content& c,
               uint32_t addressee, const PostRef* parent);
  void fill(uint32_t account, int64_t t, AccountInfo& out) const;
  uint64_t next_post_id(int64_t t);
  void after_original(const PostRef& p, uint32_t addressee);

  // organic behaviour (engine.cpp)
  void organic_action(uint32_t account, int64_t t);
  const Body& original_body(const PostRef& p);
  bool pick_recent(bool popular, int64_t before, uint32_t not_by, PostRef& out);
  uint32_t trending_tag(int64_t t, uint32_t topic);
  void maybe_cascade(const PostRef& p);
  void fan_burst(const PostRef& p, uint32_t celebrity);

  // planned events (engine_events.cpp)
  void campaign_activation(uint32_t ci, uint32_t k, int64_t t);
  void pile_on(uint32_t i, int64_t t);
  void mega_cascade(uint32_t i, int64_t t);
  void schedule_plan();
  void finish_decoys();
  uint32_t draw_distinct(int64_t t);
  double delay_within(double window, double median_share);

  const SynthOptions& o_;
  const Population& pop_;
  const Plan& plan_;
  Renderer renderer_;
  Formatter& fmt_;
  Output& out_;
  TruthWriter& truth_;
  Rng rng_;
  int64_t start_, end_;
  bool profiles_;  // the format wants display names and profile counts

  std::priority_queue<Slot, std::vector<Slot>, Later> heap_;
  std::vector<Action> pool_;
  std::vector<uint32_t> free_;
  std::vector<Organic> window_;
  std::vector<CachedBody> bodies_;  // rendered originals, direct-mapped by post id
  uint64_t seq_ = 0, post_counter_ = 0;

  // organic activity by UTC offset
  struct Zone {
    int tz = 0;
    double rate = 0;  // actions per day
    std::vector<uint32_t> accounts;
    AliasTable pick;
  };
  std::vector<Zone> zones_;

  // recent original posts, for organic replies, reposts and quotes
  std::vector<PostRef> recent_, popular_;
  size_t recent_n_ = 0, popular_n_ = 0;

  std::vector<size_t> active_trends_;
  std::vector<double> trend_now_;  // intensity of each active trend this minute
  int64_t trend_minute_ = -1;
  size_t next_trend_ = 0;
  std::vector<uint64_t> trend_uses_;
  std::unordered_map<uint32_t, uint32_t> celebrity_of_;
  std::vector<uint64_t> fan_events_;
  std::vector<std::vector<uint8_t>> acted_;  // per campaign, per member
  std::vector<uint32_t> stamp_;              // distinct draws: stamp_[a] == round_ means taken
  uint32_t round_ = 0;
  std::vector<uint32_t> crowd_, takers_;

  Body body_;
  AccountInfo author_info_, parent_info_;
  EngineStats stats_;
  uint64_t next_progress_ = 0;
};

}  // namespace lockstep::synth
