// The row a reader hands to the table builder: one share event as the platform described it,
// before interning. Readers reuse one PostRecord (clear() keeps capacity) to avoid allocation.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace lockstep::store {

inline constexpr int64_t kUnknownTime = std::numeric_limits<int64_t>::min();
inline constexpr uint32_t kNone = 0xFFFFFFFFu;

// What the event is relative to its parent post. Mentions are not a kind of their own: any event
// can mention accounts (see EventTable::mentions), and a reply is also an interaction with the
// parent's author.
enum class EventKind : uint8_t { post = 0, repost = 1, reply = 2, quote = 3 };
inline constexpr int kEventKinds = 4;

enum class Platform : uint8_t {
  unknown = 0,
  twitter,
  bluesky,
  mastodon,
  telegram,
  facebook,
  other
};

const char* to_string(EventKind k);
const char* to_string(Platform p);

struct AccountRef {
  std::string id;      // platform id; may be empty when only the handle is known
  std::string handle;  // screen name / handle without '@'
  std::string name;    // display name
  int64_t created_ms = kUnknownTime;
  int64_t followers = -1;

  void clear() {
    id.clear();
    handle.clear();
    name.clear();
    created_ms = kUnknownTime;
    followers = -1;
  }
  bool empty() const { return id.empty() && handle.empty(); }

  friend void swap(AccountRef& a, AccountRef& b) noexcept {
    a.id.swap(b.id);
    a.handle.swap(b.handle);
    a.name.swap(b.name);
    std::swap(a.created_ms, b.created_ms);
    std::swap(a.followers, b.followers);
  }
};

struct PostRecord {
  Platform platform = Platform::unknown;
  EventKind kind = EventKind::post;
  std::string post_id;  // may be empty: the builder derives a stable id from the content
  AccountRef author;
  int64_t ts_ms = kUnknownTime;
  std::string parent_post_id;  // reposted / replied-to / quoted post
  AccountRef parent_author;
  std::string text;
  std::string lang;  // BCP-47 code as given by the platform, or empty
  std::vector<std::string> urls;
  std::vector<std::string> hashtags;  // with or without '#'
  std::vector<AccountRef> mentions;
  std::vector<std::string> media;  // image/video hashes or ids

  void clear() {
    platform = Platform::unknown;
    kind = EventKind::post;
    post_id.clear();
    author.clear();
    ts_ms = kUnknownTime;
    parent_post_id.clear();
    parent_author.clear();
    text.clear();
    lang.clear();
    urls.clear();
    hashtags.clear();
    mentions.clear();
    media.clear();
  }

  // Member by member: a third of the moves of std::swap's three move-assignments.
  friend void swap(PostRecord& a, PostRecord& b) noexcept {
    std::swap(a.platform, b.platform);
    std::swap(a.kind, b.kind);
    a.post_id.swap(b.post_id);
    swap(a.author, b.author);
    std::swap(a.ts_ms, b.ts_ms);
    a.parent_post_id.swap(b.parent_post_id);
    swap(a.parent_author, b.parent_author);
    a.text.swap(b.text);
    a.lang.swap(b.lang);
    a.urls.swap(b.urls);
    a.hashtags.swap(b.hashtags);
    a.mentions.swap(b.mentions);
    a.media.swap(b.media);
  }
};

}  // namespace lockstep::store
