#include "store/dataset.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include <fmt/format.h>

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
  if (ok && !data.empty()) ok = std::fwrite(data.data(), sizeof(T), data.size(), f.get()) == data.size();
  if (!ok || std::fflush(f.get()) != 0)
    throw IoError(fmt::format("{}: write failed (disk full?): {}", path.string(), std::strerror(errno)));
}

template <class T>
Column<T> map_column(const fs::path& path) {
  auto file = std::make_shared<MappedFile>(path.string());
  auto bytes = file->bytes();
  Header h{};
  if (bytes.size() < kHeader) throw IoError(path.string() + ": truncated column file; re-run ingest");
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.elem_size != sizeof(T))
    throw IoError(path.string() + ": not a lockstep column of the expected type; re-run ingest");
  if (bytes.size() != kHeader + h.count * sizeof(T))
    throw IoError(path.string() + ": size does not match its header (truncated?); re-run ingest");
  const auto* data = reinterpret_cast<const T*>(bytes.data() + kHeader);
  return Column<T>::view(std::span<const T>(data, h.count), file);
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
      write_column(next / fmt::format("{}.off.col", name), col.offsets().span());
      write_column(next / fmt::format("{}.dat.col", name), col.bytes().span());
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
    throw IoError(fmt::format("{}: not a lockstep DATASET (no table/); create one with `lockstep ingest`",
                              dir.string()));
  EventTable t;
  for_each_column(t, [&](const char* name, auto& col) {
    using C = std::decay_t<decltype(col)>;
    if constexpr (std::is_same_v<C, StringColumn>) {
      col = StringColumn(map_column<uint64_t>(table_dir / fmt::format("{}.off.col", name)),
                         map_column<char>(table_dir / fmt::format("{}.dat.col", name)));
    } else {
      using T = std::decay_t<decltype(col[0])>;
      col = map_column<T>(table_dir / fmt::format("{}.col", name));
    }
  });
  // Cross-column checks so that a damaged DATASET fails here, not deep in an analysis.
  size_t n = t.ts_ms.size();
  for (size_t len : {t.account.size(), t.post.size(), t.parent_post.size(), t.parent_account.size(),
                     t.text.size(), t.kind.size(), t.platform.size(), t.lang.size(), t.n_urls.size(),
                     t.n_hashtags.size(), t.n_mentions.size()})
    if (len != n) throw IoError(dir.string() + ": columns disagree in length; re-run ingest");
  if (t.entity_offsets.size() != n + 1 || t.entity_offsets[n] != t.entities.size())
    throw IoError(dir.string() + ": entity lists are inconsistent; re-run ingest");
  return t;
}

bool is_dataset(const fs::path& dir) { return fs::is_directory(dir / "table"); }

}  // namespace lockstep::store
