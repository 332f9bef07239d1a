#include "serve/static_files.h"

#include <system_error>

namespace lockstep::serve {

namespace fs = std::filesystem;

namespace {

const char* content_type(const fs::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// Is `p` inside `root`, component by component (both canonical)?
bool inside(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q)
    if (q == p.end() || *r != *q) return false;
  return true;
}

}  // namespace

std::optional<StaticFile> resolve_static(const fs::path& root, std::string_view url_path) {
  if (root.empty() || url_path.empty() || url_path[0] != '/') return std::nullopt;
  if (url_path == "/") url_path = "/index.html";
  fs::path rel;
  size_t i = 1;
  while (i <= url_path.size()) {
    size_t end = url_path.find('/', i);
    if (end == std::string_view::npos) end = url_path.size();
    auto seg = url_path.substr(i, end - i);
    // Empty segments ("//"), dot segments, and bytes a path must not hold are refused outright,
    // before the file system sees anything.
    if (seg.empty() || seg == "." || seg == ".." ||
        seg.find_first_of(std::string_view("\\:\0", 3)) != std::string_view::npos)
      return std::nullopt;
    rel /= std::string(seg);
    i = end + 1;
  }
  std::error_code ec;
  auto canonical_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  auto target = fs::canonical(canonical_root / rel, ec);
  if (ec || !inside(canonical_root, target) || !fs::is_regular_file(target, ec))
    return std::nullopt;
  return StaticFile{target, content_type(target)};
}

}  // namespace lockstep::serve
