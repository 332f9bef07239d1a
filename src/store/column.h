// Read-only columns. A column is a span plus whatever keeps its memory alive: a vector the
// builder produced or a file mapping a loaded DATASET holds. Copying a column is cheap.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
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

}  // namespace lockstep::store
