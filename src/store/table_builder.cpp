#include "store/table_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "base/error.h"
#include "base/hash.h"

namespace lockstep::store {

namespace {

constexpr size_t kMaxPerType = 255;  // per-event cap of each entity type (counts are uint8)
constexpr std::string_view kHandleKeyPrefix = "@";

template <class T>
std::vector<T> permute(const std::vector<T>& v, const std::vector<uint32_t>& order) {
  std::vector<T> out(order.size());
  for (size_t i = 0; i < order.size(); ++i) out[i] = v[order[i]];
  return out;
}

// Copies any indexable string collection (a vector of strings, an Interner) into one column.
template <class Strings>
StringColumn pack(const Strings& strings) {
  std::vector<uint64_t> offsets{0};
  std::vector<char> bytes;
  for (size_t i = 0; i < strings.size(); ++i) {
    std::string_view s = strings[static_cast<uint32_t>(i)];
    bytes.insert(bytes.end(), s.begin(), s.end());
    offsets.push_back(bytes.size());
  }
  return {Column<uint64_t>::owning(std::move(offsets)), Column<char>::owning(std::move(bytes))};
}

// Packs platform ids: numbers as numbers, the rest as strings (see IdColumn).
IdColumn pack_ids(const Interner& ids) {
  std::vector<uint64_t> codes(ids.size());
  std::vector<std::string_view> others;
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string_view s = ids[static_cast<uint32_t>(i)];
    if (auto v = IdColumn::number(s)) {
      codes[i] = *v;
    } else {
      codes[i] = IdColumn::kStringTag | others.size();
      others.push_back(s);
    }
  }
  return {Column<uint64_t>::owning(std::move(codes)), pack(others)};
}

// Appends `id` unless the list has it already; returns false when the cap is hit.
bool add_unique(std::vector<uint32_t>& list, uint32_t id) {
  if (std::find(list.begin(), list.end(), id) != list.end()) return true;
  if (list.size() >= kMaxPerType) return false;
  list.push_back(id);
  return true;
}

}  // namespace

const char* to_string(EventKind k) {
  switch (k) {
    case EventKind::post:
      return "post";
    case EventKind::repost:
      return "repost";
    case EventKind::reply:
      return "reply";
    case EventKind::quote:
      return "quote";
  }
  return "post";
}

const char* to_string(Platform p) {
  switch (p) {
    case Platform::unknown:
      return "unknown";
    case Platform::twitter:
      return "twitter";
    case Platform::bluesky:
      return "bluesky";
    case Platform::mastodon:
      return "mastodon";
    case Platform::telegram:
      return "telegram";
    case Platform::facebook:
      return "facebook";
    case Platform::other:
      return "other";
  }
  return "unknown";
}

TableBuilder::TableBuilder() {
  langs_.intern("");
}

TableBuilder::~TableBuilder() = default;

TableBuilder::TableBuilder(const EventTable& t) {
  accounts_.load(t.account_ids);
  posts_.load(t.post_ids);
  urls_.load(t.urls);
  domains_.load(t.domains);
  hashtags_.load(t.hashtags);
  media_.load(t.media);
  texts_.load(t.texts);
  text_keys_.load(t.text_keys);
  langs_.load(t.langs);
  if (langs_.size() == 0) langs_.intern("");
  for (size_t a = 0; a < t.account_count(); ++a) {
    handles_.emplace_back(t.account_handles[a]);
    names_.emplace_back(t.account_names[a]);
  }
  created_.assign(t.account_created_ms.begin(), t.account_created_ms.end());
  followers_.assign(t.account_followers.begin(), t.account_followers.end());
  url_domain_.assign(t.url_domain.begin(), t.url_domain.end());
  text_key_.assign(t.text_key.begin(), t.text_key.end());
  ts_.assign(t.ts_ms.begin(), t.ts_ms.end());
  account_.assign(t.account.begin(), t.account.end());
  post_.assign(t.post.begin(), t.post.end());
  parent_post_.assign(t.parent_post.begin(), t.parent_post.end());
  parent_account_.assign(t.parent_account.begin(), t.parent_account.end());
  text_.assign(t.text.begin(), t.text.end());
  kind_.assign(t.kind.begin(), t.kind.end());
  platform_.assign(t.platform.begin(), t.platform.end());
  lang_.assign(t.lang.begin(), t.lang.end());
  n_urls_.assign(t.n_urls.begin(), t.n_urls.end());
  n_hashtags_.assign(t.n_hashtags.begin(), t.n_hashtags.end());
  n_mentions_.assign(t.n_mentions.begin(), t.n_mentions.end());
  entity_offsets_.assign(t.entity_offsets.begin(), t.entity_offsets.end());
  if (entity_offsets_.empty()) entity_offsets_.push_back(0);
  entities_.assign(t.entities.begin(), t.entities.end());
  for (uint32_t e = 0; e < ts_.size(); ++e)
    share_index_.insert((uint64_t{post_[e]} << 32) | parent_post_[e], e);
}

uint32_t TableBuilder::account_of(const AccountRef& a) {
  if (a.empty()) return kNone;
  uint32_t id;
  if (!a.id.empty()) {
    id = accounts_.intern(a.id);
  } else {
    normalizer_.fold(a.handle, scratch2_);
    scratch2_.insert(0, kHandleKeyPrefix);
    id = accounts_.intern(scratch2_);
  }
  if (id == handles_.size()) {
    handles_.emplace_back(a.handle);
    names_.emplace_back(a.name);
    created_.push_back(a.created_ms);
    followers_.push_back(a.followers);
  } else {
    if (handles_[id].empty()) handles_[id] = a.handle;
    if (names_[id].empty()) names_[id] = a.name;
    if (created_[id] == kUnknownTime) created_[id] = a.created_ms;
    if (a.followers >= 0) followers_[id] = a.followers;  // latest observation wins
  }
  return id;
}

uint32_t TableBuilder::intern_text(std::string_view s, uint64_t hash) {
  uint32_t id = texts_.intern(s, hash);
  if (id == text_key_.size()) {
    normalizer_.match_key(s, scratch_);
    text_key_.push_back(text_keys_.intern(scratch_));
  }
  return id;
}

void TableBuilder::collect_entities(const PostRecord& r, EntityLists& out, std::string& note) {
  size_t capped = 0;
  for (const auto& u : r.urls) {
    if (u.empty()) continue;
    std::string norm = text::normalize_url(u);
    uint32_t id = urls_.intern(norm);
    if (id == url_domain_.size()) {
      auto host = text::url_domain(norm);
      url_domain_.push_back(host.empty() ? kNone : domains_.intern(host));
    }
    capped += !add_unique(out.urls, id);
  }
  for (const auto& h : r.hashtags) {
    std::string_view tag = h;
    while (!tag.empty() && (tag.front() == '#' || tag.front() == ' ')) tag.remove_prefix(1);
    if (tag.empty()) continue;
    normalizer_.fold(tag, scratch_);
    capped += !add_unique(out.hashtags, hashtags_.intern(scratch_));
  }
  for (const auto& m : r.mentions) {
    uint32_t id = account_of(m);
    if (id != kNone) capped += !add_unique(out.mentions, id);
  }
  for (const auto& m : r.media) {
    if (!m.empty()) capped += !add_unique(out.media, media_.intern(m));
  }
  if (capped > 0)
    note = fmt::format("kept the first {} entities of each type, dropped {}", kMaxPerType, capped);
}

AddResult TableBuilder::add(const PostRecord& r) {
  if (r.author.empty()) return {AddResult::rejected, "no author id or handle"};
  if (r.ts_ms == kUnknownTime) return {AddResult::rejected, "no timestamp"};
  if (ts_.size() >= 0xFFFFFFF0u) return {AddResult::rejected, "table full (4 billion events)"};

  // The big pools (posts, texts) miss the cache on almost every lookup: start those fetches
  // first, so that they overlap the work before the lookups.
  const uint64_t post_hash = Interner::hash(r.post_id);
  const uint64_t parent_hash = Interner::hash(r.parent_post_id);
  const uint64_t text_hash = Interner::hash(r.text);
  if (!r.post_id.empty()) posts_.prefetch(post_hash);
  if (!r.parent_post_id.empty()) posts_.prefetch(parent_hash);
  if (!r.text.empty()) texts_.prefetch(text_hash);

  uint32_t account = account_of(r.author);
  uint32_t parent_post =
      r.parent_post_id.empty() ? kNone : posts_.intern(r.parent_post_id, parent_hash);
  uint32_t post;
  if (!r.post_id.empty()) {
    post = posts_.intern(r.post_id, post_hash);
  } else {
    // No id in the input: derive a stable one so that re-reading the same rows deduplicates.
    uint64_t h = hash_bytes(r.author.id.empty() ? r.author.handle : r.author.id);
    h = hash_u64(h ^ static_cast<uint64_t>(r.ts_ms)) ^ hash_bytes(r.text, h) ^
        hash_bytes(r.parent_post_id, 7);
    post = posts_.intern(fmt::format("h:{:016x}", h));
  }

  uint64_t share_key = (uint64_t{post} << 32) | parent_post;
  share_index_.prefetch(share_key);
  std::string note;
  EntityLists lists;
  collect_entities(r, lists, note);

  auto e = static_cast<uint32_t>(ts_.size());
  uint32_t existing = share_index_.insert(share_key, e);
  if (existing != e) {
    if (account_[existing] != account)
      return {AddResult::rejected,
              fmt::format("post id {} already stored for another account", posts_[post])};
    EntityLists have = entities_of(existing);
    EntityLists extra;
    bool grew = false;
    auto merge = [&](const std::vector<uint32_t>& base, const std::vector<uint32_t>& add,
                     std::vector<uint32_t>& into) {
      for (uint32_t id : add) {
        if (std::find(base.begin(), base.end(), id) != base.end()) continue;
        if (std::find(into.begin(), into.end(), id) != into.end()) continue;
        if (base.size() + into.size() >= kMaxPerType) continue;
        into.push_back(id);
        grew = true;
      }
    };
    merge(have.urls, lists.urls, extra.urls);
    merge(have.hashtags, lists.hashtags, extra.hashtags);
    merge(have.mentions, lists.mentions, extra.mentions);
    merge(have.media, lists.media, extra.media);
    if (grew) {
      auto& stored = merged_extra_[existing];
      auto append = [](std::vector<uint32_t>& to, const std::vector<uint32_t>& from) {
        to.insert(to.end(), from.begin(), from.end());
      };
      append(stored.urls, extra.urls);
      append(stored.hashtags, extra.hashtags);
      append(stored.mentions, extra.mentions);
      append(stored.media, extra.media);
    }
    if (text_[existing] == kNone && !r.text.empty())
      text_[existing] = intern_text(r.text, text_hash);
    return {grew ? AddResult::merged : AddResult::duplicate, note};
  }

  ts_.push_back(r.ts_ms);
  account_.push_back(account);
  post_.push_back(post);
  parent_post_.push_back(parent_post);
  parent_account_.push_back(account_of(r.parent_author));
  text_.push_back(r.text.empty() ? kNone : intern_text(r.text, text_hash));
  kind_.push_back(static_cast<uint8_t>(r.kind));
  platform_.push_back(static_cast<uint8_t>(r.platform));
  uint32_t lang = langs_.intern(r.lang);
  if (lang > 255) lang = 0;  // more than 255 languages: the rest read as unknown
  lang_.push_back(static_cast<uint8_t>(lang));
  n_urls_.push_back(static_cast<uint8_t>(lists.urls.size()));
  n_hashtags_.push_back(static_cast<uint8_t>(lists.hashtags.size()));
  n_mentions_.push_back(static_cast<uint8_t>(lists.mentions.size()));
  for (auto* l : {&lists.urls, &lists.hashtags, &lists.mentions, &lists.media})
    entities_.insert(entities_.end(), l->begin(), l->end());
  entity_offsets_.push_back(entities_.size());
  return {AddResult::added, note};
}

TableBuilder::EntityLists TableBuilder::entities_of(uint32_t e) const {
  EntityLists l;
  const uint32_t* p = entities_.data() + entity_offsets_[e];
  const uint32_t* end = entities_.data() + entity_offsets_[e + 1];
  l.urls.assign(p, p + n_urls_[e]);
  p += n_urls_[e];
  l.hashtags.assign(p, p + n_hashtags_[e]);
  p += n_hashtags_[e];
  l.mentions.assign(p, p + n_mentions_[e]);
  p += n_mentions_[e];
  l.media.assign(p, end);
  if (auto it = merged_extra_.find(e); it != merged_extra_.end()) {
    const auto& x = it->second;
    l.urls.insert(l.urls.end(), x.urls.begin(), x.urls.end());
    l.hashtags.insert(l.hashtags.end(), x.hashtags.begin(), x.hashtags.end());
    l.mentions.insert(l.mentions.end(), x.mentions.begin(), x.mentions.end());
    l.media.insert(l.media.end(), x.media.begin(), x.media.end());
  }
  return l;
}

EventTable TableBuilder::snapshot() const {
  return build(true);
}

EventTable TableBuilder::take() && {
  EventTable t = build(false);
  t.urls = urls_.release();
  t.domains = domains_.release();
  t.hashtags = hashtags_.release();
  t.media = media_.release();
  t.texts = texts_.release();
  t.text_keys = text_keys_.release();
  t.langs = langs_.release();
  return t;
}

EventTable TableBuilder::build(bool pools) const {
  const size_t n = ts_.size();

  // Accounts known only by handle take the id of an account seen with that handle, if any.
  std::vector<uint32_t> remap(accounts_.size());
  std::iota(remap.begin(), remap.end(), 0u);
  {
    Interner by_handle;
    std::vector<uint32_t> owner;
    text::Normalizer norm;
    std::string folded;
    for (uint32_t a = 0; a < accounts_.size(); ++a) {
      if (accounts_[a].starts_with(kHandleKeyPrefix) || handles_[a].empty()) continue;
      norm.fold(handles_[a], folded);
      if (by_handle.intern(folded) == owner.size()) owner.push_back(a);
    }
    for (uint32_t a = 0; a < accounts_.size(); ++a) {
      if (!accounts_[a].starts_with(kHandleKeyPrefix)) continue;
      uint32_t h = by_handle.find(accounts_[a].substr(kHandleKeyPrefix.size()));
      if (h != Interner::kNotFound) remap[a] = owner[h];
    }
  }
  // Drop the merged handle-only entries and renumber densely.
  std::vector<uint32_t> dense(accounts_.size(), kNone);
  std::vector<std::string> ids, handles, names;
  std::vector<int64_t> created, followers;
  for (uint32_t a = 0; a < accounts_.size(); ++a) {
    if (remap[a] != a) continue;
    dense[a] = static_cast<uint32_t>(ids.size());
    ids.emplace_back(accounts_[a]);
    handles.push_back(handles_[a]);
    names.push_back(names_[a]);
    created.push_back(created_[a]);
    followers.push_back(followers_[a]);
  }
  auto account_id = [&](uint32_t a) { return a == kNone ? kNone : dense[remap[a]]; };

  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return ts_[a] < ts_[b]; });

  // Formats that name only the parent post (QUT, CooRTweet) still get its author when the parent
  // is itself in the table.
  std::vector<uint32_t> author_of_post(posts_.size(), kNone);
  for (size_t e = 0; e < n; ++e)
    if (author_of_post[post_[e]] == kNone) author_of_post[post_[e]] = account_[e];

  EventTable t;
  t.ts_ms = Column<int64_t>::owning(permute(ts_, order));
  std::vector<uint32_t> acc(n), pacc(n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t e = order[i];
    acc[i] = account_id(account_[e]);
    uint32_t parent_author = parent_account_[e];
    if (parent_author == kNone && parent_post_[e] != kNone)
      parent_author = author_of_post[parent_post_[e]];
    pacc[i] = account_id(parent_author);
  }
  t.account = Column<uint32_t>::owning(std::move(acc));
  t.parent_account = Column<uint32_t>::owning(std::move(pacc));
  t.post = Column<uint32_t>::owning(permute(post_, order));
  t.parent_post = Column<uint32_t>::owning(permute(parent_post_, order));
  t.text = Column<uint32_t>::owning(permute(text_, order));
  t.kind = Column<uint8_t>::owning(permute(kind_, order));
  t.platform = Column<uint8_t>::owning(permute(platform_, order));
  t.lang = Column<uint8_t>::owning(permute(lang_, order));

  std::vector<uint32_t> offsets{0};
  std::vector<uint32_t> entities;
  std::vector<uint8_t> nu(n), nh(n), nm(n);
  offsets.reserve(n + 1);
  entities.reserve(entities_.size());
  for (size_t i = 0; i < n; ++i) {
    uint32_t e = order[i];
    if (merged_extra_.count(e) == 0) {
      nu[i] = n_urls_[e];
      nh[i] = n_hashtags_[e];
      nm[i] = n_mentions_[e];
      size_t mbegin = entity_offsets_[e] + n_urls_[e] + n_hashtags_[e];
      size_t mend = mbegin + n_mentions_[e];
      for (size_t k = entity_offsets_[e]; k < entity_offsets_[e + 1]; ++k)
        entities.push_back(k >= mbegin && k < mend ? account_id(entities_[k]) : entities_[k]);
    } else {
      EntityLists l = entities_of(e);
      for (auto& m : l.mentions) m = account_id(m);
      nu[i] = static_cast<uint8_t>(l.urls.size());
      nh[i] = static_cast<uint8_t>(l.hashtags.size());
      nm[i] = static_cast<uint8_t>(l.mentions.size());
      for (auto* v : {&l.urls, &l.hashtags, &l.mentions, &l.media})
        entities.insert(entities.end(), v->begin(), v->end());
    }
    // 32-bit offsets: four billion entities would take 16 GB before any of their strings.
    if (entities.size() > UINT32_MAX) throw IoError("more than 2^32 entities in one DATASET");
    offsets.push_back(static_cast<uint32_t>(entities.size()));
  }
  t.entity_offsets = Column<uint32_t>::owning(std::move(offsets));
  t.entities = Column<uint32_t>::owning(std::move(entities));
  t.n_urls = Column<uint8_t>::owning(std::move(nu));
  t.n_hashtags = Column<uint8_t>::owning(std::move(nh));
  t.n_mentions = Column<uint8_t>::owning(std::move(nm));

  t.account_ids = pack(ids);
  t.account_handles = pack(handles);
  t.account_names = pack(names);
  t.account_created_ms = Column<int64_t>::owning(std::move(created));
  t.account_followers = Column<int64_t>::owning(std::move(followers));
  t.post_ids = pack_ids(posts_);
  t.url_domain = Column<uint32_t>::owning(url_domain_);
  t.text_key = Column<uint32_t>::owning(text_key_);
  if (pools) {
    t.urls = urls_.copy();
    t.domains = domains_.copy();
    t.hashtags = hashtags_.copy();
    t.media = media_.copy();
    t.texts = texts_.copy();
    t.text_keys = text_keys_.copy();
    t.langs = langs_.copy();
  }
  return t;
}

}  // namespace lockstep::store
