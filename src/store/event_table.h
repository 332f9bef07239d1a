// The compact columnar event table: the one thing every analysis reads.
//
// One row per share event (a post, repost, reply or quote), sorted by time. Strings are interned
// into dictionaries and rows hold 32-bit ids, so a row costs about 38 bytes plus 4 per entity.
// Entities (URLs, hashtags, mentions, media) live in one CSR list per event, in that order.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "store/column.h"
#include "store/record.h"

namespace lockstep::store {

struct EventTable {
  // --- events, one entry per row, sorted by ts_ms (stable)
  Column<int64_t> ts_ms;
  Column<uint32_t> account;                        // -> account_ids
  Column<uint32_t> post;                           // -> post_ids
  Column<uint32_t> parent_post;                    // -> post_ids, or kNone
  Column<uint32_t> parent_account;                 // -> account_ids, or kNone
  Column<uint32_t> text;                           // -> texts, or kNone
  Column<uint8_t> kind;                            // EventKind
  Column<uint8_t> platform;                        // Platform
  Column<uint8_t> lang;                            // -> langs (0 = unknown)
  Column<uint32_t> entity_offsets;                 // size() + 1 entries
  Column<uint8_t> n_urls, n_hashtags, n_mentions;  // media take the rest of the event's list
  Column<uint32_t> entities;                       // url ids, hashtag ids, account ids, media ids

  // --- dictionaries
  StringColumn account_ids, account_handles, account_names;  // by account id
  Column<int64_t> account_created_ms;                        // kUnknownTime when unknown
  Column<int64_t> account_followers;                         // -1 when unknown
  IdColumn post_ids;
  StringColumn urls;            // normalised
  Column<uint32_t> url_domain;  // -> domains, kNone for opaque ids
  StringColumn domains;
  StringColumn hashtags;  // case-folded, without '#'
  StringColumn media;
  StringColumn texts;         // as posted (valid UTF-8)
  Column<uint32_t> text_key;  // -> text_keys: NFKC + casefold + confusables skeleton
  StringColumn text_keys;
  StringColumn langs;

  size_t size() const { return ts_ms.size(); }
  size_t account_count() const { return account_ids.size(); }

  EventKind kind_of(size_t e) const { return static_cast<EventKind>(kind[e]); }
  std::span<const uint32_t> urls_of(size_t e) const { return slice(e, 0, n_urls[e]); }
  std::span<const uint32_t> hashtags_of(size_t e) const {
    return slice(e, n_urls[e], n_hashtags[e]);
  }
  std::span<const uint32_t> mentions_of(size_t e) const {
    return slice(e, size_t{n_urls[e]} + n_hashtags[e], n_mentions[e]);
  }
  std::span<const uint32_t> media_of(size_t e) const {
    size_t skip = size_t{n_urls[e]} + n_hashtags[e] + n_mentions[e];
    return slice(e, skip, entity_offsets[e + 1] - entity_offsets[e] - skip);
  }
  std::string_view text_of(size_t e) const {
    return text[e] == kNone ? std::string_view{} : texts[text[e]];
  }

 private:
  std::span<const uint32_t> slice(size_t e, size_t skip, size_t n) const {
    return entities.span().subspan(entity_offsets[e] + skip, n);
  }
};

}  // namespace lockstep::store
