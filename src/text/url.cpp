#include <algorithm>
#include <array>
#include <cctype>

#include "text/text.h"

namespace lockstep::text {

namespace {

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Query parameters that identify the click or the campaign email, not the page.
bool is_tracking_param(std::string_view key, std::string_view host) {
  std::string k = lower(key);
  if (k.starts_with("utm_") || k.starts_with("pk_") || k.starts_with("mtm_")) return true;
  static constexpr std::array<std::string_view, 18> kTracking = {
      "fbclid", "gclid", "dclid",   "gclsrc",  "msclkid", "mc_cid", "mc_eid",   "igshid", "yclid",
      "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "twclid", "wt.mc_id", "cmpid",  "ocid"};
  if (std::find(kTracking.begin(), kTracking.end(), k) != kTracking.end()) return true;
  // Share-sheet tails that only some hosts use as tracking.
  bool tw = host == "twitter.com" || host == "x.com" || host == "mobile.twitter.com";
  if (tw && (k == "s" || k == "t")) return true;
  bool yt = host == "youtube.com" || host == "youtu.be" || host == "m.youtube.com";
  if ((yt || host == "open.spotify.com") && (k == "si" || k == "feature")) return true;
  return false;
}

}  // namespace

std::string normalize_url(std::string_view raw) {
  std::string_view url = trim(raw);
  size_t sep = url.find("://");
  bool has_scheme =
      sep != std::string_view::npos && sep > 0 &&
      std::all_of(url.begin(), url.begin() + static_cast<long>(sep), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      });
  std::string scheme;
  std::string_view rest;
  if (has_scheme) {
    scheme = lower(url.substr(0, sep));
    rest = url.substr(sep + 3);
  } else {
    // "example.com/path" is a link without its scheme; "12345" is an opaque id.
    size_t end = url.find_first_of("/?#");
    std::string_view host = url.substr(0, end);
    if (host.find('.') == std::string_view::npos || host.find(' ') != std::string_view::npos)
      return std::string(url);
    scheme = "https";
    rest = url;
  }
  if (scheme == "http") scheme = "https";

  size_t frag = rest.find('#');
  if (frag != std::string_view::npos) rest = rest.substr(0, frag);
  size_t auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view path_query = auth_end == std::string_view::npos ? "" : rest.substr(auth_end);

  if (size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  std::string host = lower(authority);
  if (size_t colon = host.rfind(':');
      colon != std::string::npos && host.find(']') == std::string::npos) {
    std::string_view port = std::string_view(host).substr(colon + 1);
    if (port == "80" || port == "443" || port.empty()) host.resize(colon);
  }
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.starts_with("www.")) host.erase(0, 4);

  size_t q = path_query.find('?');
  std::string_view path = path_query.substr(0, q);
  std::string_view query = q == std::string_view::npos ? "" : path_query.substr(q + 1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);

  std::string out = scheme + "://" + host;
  out.append(path);
  bool first = true;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    if (param.empty()) continue;
    std::string_view key = param.substr(0, param.find('='));
    if (is_tracking_param(key, host)) continue;
    out.push_back(first ? '?' : '&');
    out.append(param);
    first = false;
  }
  return out;
}

std::string_view url_domain(std::string_view url) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return {};
  std::string_view rest = url.substr(sep + 3);
  return rest.substr(0, rest.find_first_of("/?"));
}

}  // namespace lockstep::text
