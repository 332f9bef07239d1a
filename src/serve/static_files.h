// Static files of the dashboard, confined to the web root: no "..", no encoded escapes, and a
// symlink that leads out of the root is refused (checked on the canonical path).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lockstep::serve {

struct StaticFile {
  std::filesystem::path path;
  const char* content_type;
};

// The file `url_path` (already percent-decoded, starting with '/') names under `root`, or
// nothing when it does not exist, is not a regular file or would leave the root.
std::optional<StaticFile> resolve_static(const std::filesystem::path& root,
                                         std::string_view url_path);

}  // namespace lockstep::serve
