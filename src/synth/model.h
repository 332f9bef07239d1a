// Types shared by the generator's parts: what a post says (Content, re-renderable from a few
// integers), what it renders to (Body), and references to posts already written (PostRef).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/record.h"
#include "synth/synth.h"

namespace lockstep::synth {

inline constexpr uint32_t kNoAccount = 0xFFFFFFFFu;

// What generator wrote a text, and its parameters. Small and copyable: a post's text is
// rendered again from this when a repost embeds it, instead of being kept in memory.
enum class ContentKind : uint8_t {
  organic,        // a = topic, b = trending tag + 1 (0: none)
  slogan,         // a = quote index
  fan_reply,      // short cheering reply
  pile_on_reply,  // a = topic; critical reply from an unrelated account
  news,           // a = topic; breaking-news style post by a big account (mega cascade root)
  campaign_seed,  // a = campaign; the post a retweet ring amplifies
  copypasta,      // a = campaign, b = template
  link_push,      // a = campaign, b = url
  hashtag_seq,    // a = campaign
  brigade_reply,  // a = campaign, b = template
};

struct Content {
  uint64_t seed = 0;
  uint32_t a = 0, b = 0;
  ContentKind kind = ContentKind::organic;
};

// A post already written that later events refer to.
struct PostRef {
  uint64_t id = 0;
  int64_t t = 0;  // epoch seconds
  uint32_t author = kNoAccount;
  store::EventKind kind = store::EventKind::post;
  Content content;
};

// Where an entity sits in Body::text, in bytes.
struct Span {
  enum Type : uint8_t { url, hashtag, mention } type;
  uint32_t index;  // into urls / hashtags / mentions
  uint32_t begin, end;
};

// A rendered post: text plus the entities in it, as a platform would report them.
struct Body {
  std::string text;
  std::vector<std::string> urls;        // expanded (what the author pasted)
  std::vector<std::string> short_urls;  // the t.co links that stand for them in text
  std::vector<std::string> hashtags;    // without '#'
  std::vector<uint32_t> mentions;       // account indices
  std::vector<Span> spans;

  void clear() {
    text.clear();
    urls.clear();
    short_urls.clear();
    hashtags.clear();
    mentions.clear();
    spans.clear();
  }
};

}  // namespace lockstep::synth
