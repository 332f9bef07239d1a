#include "store/dataset.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include "base/error.h"
#include "base/mapped_file.h"

namespace lockstep::store {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'L', 'K', 'S', 'T', 'C', 'O', 'L', '1'};
constexpr size_t kHeader = 64;

struct Header {
  char magic[8];
  uint32_t elem_size;
  uint32_t reserved;
  uint64_t count;
};

// Visits every column of the table with its file name; one list serves save and load.
template <class Table, class F>
void for_each_column(Table& t, F&& f) {
  f("ts_ms", t.ts_ms);
  f("account", t.account);
  f("post", t.post);
  f("parent_post", t.parent_post);
  f("parent_account", t.parent_account);
  f("text", t.text);
  f("kind", t.kind);
  f("platform", t.platform);
  f("lang", t.lang);
  f("entity_offsets", t.entity_offsets);
  f("n_urls", t.n_urls);
  f("n_hashtags", t.n_hashtags);
  f("n_mentions", t.n_mentions);
  f("entities", t.entities);
  f("account_ids", t.account_ids);
  f("account_handles", t.account_handles);
  f("account_names", t.account_names);
  f("account_created_ms", t.account_created_ms);
  f("account_followers", t.account_followers);
  f("post_ids", t.post_ids);
  f("urls", t.urls);
  f("url_domain", t.url_domain);
  f("domains", t.domains);
  f("hashtags", t.hashtags);
  f("media", t.media);
  f("texts", t.texts);
  f("text_key", t.text_key);
  f("text_keys", t.text_keys);
  f("langs", t.langs);
}

template <class T>
void write_column(const fs::path& path, std::span<const T> data) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!f) throw IoError(fmt::format("{}: cannot create: {}", path.string(), std::strerror(errno)));
  char header[kHeader] = {};
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.elem_size = sizeof(T);
  h.count = data.size();
  std::memcpy(header, &h, sizeof h);
  bool ok = std::fwrite(header, 1, kHeader, f.get()) == kHeader;
  if (ok && !data.empty())
    ok = std::fwrite(data.data(), sizeof(T), data.size(), f.get()) == data.size();
  if (!ok || std::fflush(f.get()) != 0)
    throw IoError(
        fmt::format("{}: write failed (disk full?): {}", path.string(), std::strerror(errno)));
}

template <class T>
Column<T> map_column(const fs::path& path) {
  if (!fs::exists(path))
    throw IoError(path.string() +
                  ": missing (a DATASET from another lockstep version?); re-run `lockstep ingest`");
  auto file = std::make_shared<MappedFile>(path.string());
  auto bytes = file->bytes();
  Header h{};
  if (bytes.size() < kHeader)
    throw IoError(path.string() + ": truncated column file; re-run ingest");
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.elem_size != sizeof(T))
    throw IoError(path.string() + ": not a lockstep column of the expected type; re-run ingest");
  if (h.count > (bytes.size() - kHeader) / sizeof(T) ||
      bytes.size() != kHeader + h.count * sizeof(T))
    throw IoError(path.string() + ": size does not match its header (truncated?); re-run ingest");
  const auto* data = reinterpret_cast<const T*>(bytes.data() + kHeader);
  return Column<T>::view(std::span<const T>(data, h.count), file);
}

void write_strings(const fs::path& dir, std::string_view name, const StringColumn& col) {
  write_column(dir / fmt::format("{}.off.col", name), col.offsets().span());
  write_column(dir / fmt::format("{}.dat.col", name), col.bytes().span());
}

StringColumn map_strings(const fs::path& dir, std::string_view name) {
  return StringColumn(map_column<uint64_t>(dir / fmt::format("{}.off.col", name)),
                      map_column<char>(dir / fmt::format("{}.dat.col", name)));
}

[[noreturn]] void damaged(const fs::path& dir, std::string_view what) {
  throw IoError(
      fmt::format("{}: damaged DATASET ({}); re-run `lockstep ingest`", dir.string(), what));
}

void check_strings(const StringColumn& c, const fs::path& dir, std::string_view name) {
  const auto& off = c.offsets();
  if (off.empty() || off[0] != 0 || off[off.size() - 1] != c.bytes().size()) damaged(dir, name);
  for (size_t i = 1; i < off.size(); ++i)
    if (off[i] < off[i - 1]) damaged(dir, name);
}

void check_ids(const Column<uint32_t>& ids, size_t limit, bool none_allowed, const fs::path& dir,
               std::string_view name) {
  for (uint32_t id : ids)
    if (id >= limit && !(none_allowed && id == kNone)) damaged(dir, name);
}

// Every id and offset checked against its range: a damaged or hostile DATASET fails here with a
// clear message, never as an out-of-bounds read deep in an analysis. One linear pass (~0.1 s per
// 10M events), far below the cost of parsing.
void validate(const EventTable& t, const fs::path& dir) {
  size_t n = t.ts_ms.size();
  for (size_t len : {t.account.size(), t.post.size(), t.parent_post.size(), t.parent_account.size(),
                     t.text.size(), t.kind.size(), t.platform.size(), t.lang.size(),
                     t.n_urls.size(), t.n_hashtags.size(), t.n_mentions.size()})
    if (len != n) damaged(dir, "columns disagree in length");
  check_strings(t.account_ids, dir, "account ids");
  check_strings(t.account_handles, dir, "handles");
  check_strings(t.account_names, dir, "names");
  check_strings(t.post_ids.strings(), dir, "post ids");
  for (uint64_t code : t.post_ids.codes())
    if (code & IdColumn::kStringTag &&
        (code & ~IdColumn::kStringTag) >= t.post_ids.strings().size())
      damaged(dir, "post ids");
  check_strings(t.urls, dir, "urls");
  check_strings(t.domains, dir, "domains");
  check_strings(t.hashtags, dir, "hashtags");
  check_strings(t.media, dir, "media");
  check_strings(t.texts, dir, "texts");
  check_strings(t.text_keys, dir, "text keys");
  check_strings(t.langs, dir, "languages");
  const size_t accounts = t.account_ids.size();
  if (t.account_handles.size() != accounts || t.account_names.size() != accounts ||
      t.account_created_ms.size() != accounts || t.account_followers.size() != accounts)
    damaged(dir, "account columns disagree in length");
  if (t.url_domain.size() != t.urls.size() || t.text_key.size() != t.texts.size())
    damaged(dir, "dictionary columns disagree in length");
  check_ids(t.account, accounts, false, dir, "event accounts");
  check_ids(t.parent_account, accounts, true, dir, "parent accounts");
  check_ids(t.post, t.post_ids.size(), false, dir, "event posts");
  check_ids(t.parent_post, t.post_ids.size(), true, dir, "parent posts");
  check_ids(t.text, t.texts.size(), true, dir, "event texts");
  check_ids(t.url_domain, t.domains.size(), true, dir, "url domains");
  check_ids(t.text_key, t.text_keys.size(), false, dir, "text keys");
  for (size_t e = 0; e < n; ++e) {
    if (t.kind[e] >= kEventKinds) damaged(dir, "event kinds");
    if (t.lang[e] >= t.langs.size() && t.lang[e] != 0) damaged(dir, "event languages");
  }
  if (t.entity_offsets.size() != n + 1 || t.entity_offsets[0] != 0 ||
      t.entity_offsets[n] != t.entities.size())
    damaged(dir, "entity lists");
  for (size_t e = 0; e < n; ++e) {
    uint32_t begin = t.entity_offsets[e], end = t.entity_offsets[e + 1];
    if (end < begin || size_t{t.n_urls[e]} + t.n_hashtags[e] + t.n_mentions[e] > end - begin)
      damaged(dir, "entity lists");
    const uint32_t* p = t.entities.span().data() + begin;
    for (uint32_t k = 0; k < t.n_urls[e]; ++k, ++p)
      if (*p >= t.urls.size()) damaged(dir, "entity urls");
    for (uint32_t k = 0; k < t.n_hashtags[e]; ++k, ++p)
      if (*p >= t.hashtags.size()) damaged(dir, "entity hashtags");
    for (uint32_t k = 0; k < t.n_mentions[e]; ++k, ++p)
      if (*p >= accounts) damaged(dir, "entity mentions");
    for (; p < t.entities.span().data() + end; ++p)
      if (*p >= t.media.size()) damaged(dir, "entity media");
  }
  for (size_t e = 1; e < n; ++e)
    if (t.ts_ms[e] < t.ts_ms[e - 1]) damaged(dir, "events out of time order");
}

}  // namespace

void save_table(const EventTable& table, const fs::path& dir) {
  fs::create_directories(dir);
  fs::path next = dir / "table.next", final_dir = dir / "table", old = dir / "table.old";
  fs::remove_all(next);
  fs::create_directories(next);
  for_each_column(table, [&](const char* name, const auto& col) {
    using C = std::decay_t<decltype(col)>;
    if constexpr (std::is_same_v<C, StringColumn>) {
      write_strings(next, name, col);
    } else if constexpr (std::is_same_v<C, IdColumn>) {
      write_column(next / fmt::format("{}.num.col", name), col.codes().span());
      write_strings(next, fmt::format("{}.str", name), col.strings());
    } else {
      write_column(next / fmt::format("{}.col", name), col.span());
    }
  });
  // Swap in the complete new table; a crash leaves either the old or the new one.
  fs::remove_all(old);
  if (fs::exists(final_dir)) fs::rename(final_dir, old);
  fs::rename(next, final_dir);
  fs::remove_all(old);
}

EventTable load_table(const fs::path& dir) {
  fs::path table_dir = dir / "table";
  if (!fs::is_directory(table_dir))
    throw IoError(fmt::format(
        "{}: not a lockstep DATASET (no table/); create one with `lockstep ingest`", dir.string()));
  EventTable t;
  for_each_column(t, [&](const char* name, auto& col) {
    using C = std::decay_t<decltype(col)>;
    if constexpr (std::is_same_v<C, StringColumn>) {
      col = map_strings(table_dir, name);
    } else if constexpr (std::is_same_v<C, IdColumn>) {
      col = IdColumn(map_column<uint64_t>(table_dir / fmt::format("{}.num.col", name)),
                     map_strings(table_dir, fmt::format("{}.str", name)));
    } else {
      using T = std::decay_t<decltype(col[0])>;
      col = map_column<T>(table_dir / fmt::format("{}.col", name));
    }
  });
  validate(t, dir);
  return t;
}

bool is_dataset(const fs::path& dir) {
  return fs::is_directory(dir / "table");
}

}  // namespace lockstep::store
