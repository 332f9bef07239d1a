// Read-only columns. A column is a span plus whatever keeps its memory alive: a vector the
// builder produced or a file mapping a loaded DATASET holds. Copying a column is cheap.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::store {

template <class T>
class Column {
 public:
  Column() = default;
  static Column owning(std::vector<T> v) {
    auto holder = std::make_shared<const std::vector<T>>(std::move(v));
    Column c;
    c.data_ = std::span<const T>(holder->data(), holder->size());
    c.owner_ = holder;
    return c;
  }
  static Column view(std::span<const T> data, std::shared_ptr<const void> owner) {
    Column c;
    c.data_ = data;
    c.owner_ = std::move(owner);
    return c;
  }

  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  const T& operator[](size_t i) const { return data_[i]; }
  std::span<const T> span() const { return data_; }
  auto begin() const { return data_.begin(); }
  auto end() const { return data_.end(); }

 private:
  std::span<const T> data_;
  std::shared_ptr<const void> owner_;
};

// Strings addressed by a dense id: bytes[offsets[i], offsets[i+1]).
class StringColumn {
 public:
  StringColumn() = default;
  StringColumn(Column<uint64_t> offsets, Column<char> bytes)
      : offsets_(std::move(offsets)), bytes_(std::move(bytes)) {}

  size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::string_view operator[](size_t i) const {
    return {bytes_.span().data() + offsets_[i], static_cast<size_t>(offsets_[i + 1] - offsets_[i])};
  }
  const Column<uint64_t>& offsets() const { return offsets_; }
  const Column<char>& bytes() const { return bytes_; }

 private:
  Column<uint64_t> offsets_;
  Column<char> bytes_;
};

// Platform ids addressed by a dense id. Most platforms' ids are decimal numbers (X, Telegram, the
// IO archives): those are kept as 8-byte integers, and the others (Bluesky at-URIs, Mastodon URLs,
// hashes) as strings beside them, so a 19-digit post id costs 8 bytes instead of 27.
class IdColumn {
 public:
  // A code with this bit set is an index into the strings; without it, the id's numeric value.
  static constexpr uint64_t kStringTag = uint64_t{1} << 63;

  IdColumn() = default;
  IdColumn(Column<uint64_t> codes, StringColumn strings)
      : codes_(std::move(codes)), strings_(std::move(strings)) {}

  size_t size() const { return codes_.size(); }
  std::string operator[](size_t i) const {
    uint64_t c = codes_[i];
    return c & kStringTag ? std::string(strings_[c & ~kStringTag]) : std::to_string(c);
  }
  const Column<uint64_t>& codes() const { return codes_; }
  const StringColumn& strings() const { return strings_; }

  // The value of a canonical decimal (no sign, no leading zero, below 2^63): such an id round-trips
  // through its number. nullopt for anything else.
  static std::optional<uint64_t> number(std::string_view s) {
    if (s.empty() || s.size() > 19 || (s[0] == '0' && s.size() > 1)) return std::nullopt;
    uint64_t v = 0;
    for (char ch : s) {
      if (ch < '0' || ch > '9') return std::nullopt;
      v = v * 10 + static_cast<uint64_t>(ch - '0');
    }
    if (v & kStringTag) return std::nullopt;
    return v;
  }

 private:
  Column<uint64_t> codes_;
  StringColumn strings_;
};

}  // namespace lockstep::store
