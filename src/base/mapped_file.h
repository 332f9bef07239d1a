// A read-only memory mapping of a whole file (RAII). DATASET columns are loaded this way, so a
// loaded dataset costs page cache rather than heap, and loading is nearly free.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace lockstep {

class MappedFile {
 public:
  // Throws IoError naming the file when it cannot be opened or mapped.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::span<const std::byte> bytes() const { return {static_cast<const std::byte*>(data_), size_}; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace lockstep
