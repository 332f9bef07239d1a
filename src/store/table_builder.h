// Builds an EventTable from PostRecords: interns strings, normalises URLs, hashtags and text,
// merges records of the same share (long-format CSVs spread one post over several rows; the same
// post may arrive from two inputs), and sorts by time when finished.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/flat_map.h"
#include "store/event_table.h"
#include "store/interner.h"
#include "store/record.h"
#include "text/text.h"

namespace lockstep::store {

struct AddResult {
  enum Status { added, merged, duplicate, rejected } status;
  std::string note;  // for `rejected` the reason; otherwise a repair made (e.g. a cap applied)
};

class TableBuilder {
 public:
  TableBuilder();
  // Continues from a stored table (resumed ingest).
  explicit TableBuilder(const EventTable& existing);
  ~TableBuilder();

  AddResult add(const PostRecord& r);
  size_t size() const { return ts_.size(); }

  // A table of everything added so far; the builder stays usable (checkpoints).
  EventTable snapshot() const;
  // The same table, with the string pools moved into it rather than copied; the builder is spent.
  EventTable take() &&;

 private:
  struct EntityLists {
    std::vector<uint32_t> urls, hashtags, mentions, media;
  };
  uint32_t account_of(const AccountRef& a);
  uint32_t intern_text(std::string_view s, uint64_t hash);
  void collect_entities(const PostRecord& r, EntityLists& out, std::string& note);
  EntityLists entities_of(uint32_t e) const;
  // snapshot(), without the interned string pools when `pools` is false.
  EventTable build(bool pools) const;

  text::Normalizer normalizer_;
  Interner accounts_, posts_, urls_, domains_, hashtags_, media_, texts_, text_keys_, langs_;
  std::vector<std::string> handles_, names_;
  std::vector<int64_t> created_, followers_;
  std::vector<uint32_t> url_domain_, text_key_;

  std::vector<int64_t> ts_;
  std::vector<uint32_t> account_, post_, parent_post_, parent_account_, text_;
  std::vector<uint8_t> kind_, platform_, lang_, n_urls_, n_hashtags_, n_mentions_;
  std::vector<uint64_t> entity_offsets_{0};
  std::vector<uint32_t> entities_;
  std::unordered_map<uint32_t, EntityLists> merged_extra_;  // rows merged into an earlier event

  FlatMap64 share_index_;  // (post, parent) -> event
  std::string scratch_, scratch2_;
};

}  // namespace lockstep::store
