#include <algorithm>
#include <array>

#include "text/text.h"

namespace lockstep::text {

namespace {

char lower_char(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

bool is_space(char c) {  // std::isspace in the "C" locale
  return c == ' ' || (c >= '\t' && c <= '\r');
}

void append_lower(std::string& out, std::string_view s) {
  for (char c : s) out.push_back(lower_char(c));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Query parameters that identify the click or the campaign email, not the page.
bool is_tracking_param(std::string_view key, std::string_view host) {
  // Every name below is at most 8 bytes: a longer key can only match by its prefix.
  char buf[16];
  const size_t n = std::min(key.size(), sizeof buf);
  for (size_t i = 0; i < n; ++i) buf[i] = lower_char(key[i]);
  const std::string_view prefix(buf, n);
  if (prefix.starts_with("utm_") || prefix.starts_with("pk_") || prefix.starts_with("mtm_"))
    return true;
  if (key.size() > sizeof buf) return false;
  const std::string_view k = prefix;  // the whole key, lower-cased
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

bool is_scheme_char(char c) {
  return (c >= '0' && c <= '9') || (lower_char(c) >= 'a' && lower_char(c) <= 'z') || c == '+' ||
         c == '-' || c == '.';
}

}  // namespace

// One output string is the only allocation (scheme and host are short: kept inline).
std::string normalize_url(std::string_view raw) {
  std::string_view url = trim(raw);
  size_t sep = url.find("://");
  bool has_scheme = sep != std::string_view::npos && sep > 0 &&
                    std::all_of(url.begin(), url.begin() + static_cast<long>(sep), is_scheme_char);
  std::string out;
  std::string_view rest;
  if (has_scheme) {
    out.reserve(url.size() + 1);  // "http" may become "https"
    append_lower(out, url.substr(0, sep));
    if (out == "http") out.push_back('s');
    rest = url.substr(sep + 3);
  } else {
    // "example.com/path" is a link without its scheme; "12345" is an opaque id.
    size_t end = url.find_first_of("/?#");
    std::string_view host = url.substr(0, end);
    if (host.find('.') == std::string_view::npos || host.find(' ') != std::string_view::npos)
      return std::string(url);
    out.reserve(url.size() + 8);
    out = "https";
    rest = url;
  }
  out.append("://");

  size_t frag = rest.find('#');
  if (frag != std::string_view::npos) rest = rest.substr(0, frag);
  size_t auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view path_query = auth_end == std::string_view::npos ? "" : rest.substr(auth_end);

  if (size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  std::string host;
  append_lower(host, authority);
  if (size_t colon = host.rfind(':');
      colon != std::string::npos && host.find(']') == std::string::npos) {
    std::string_view port = std::string_view(host).substr(colon + 1);
    if (port == "80" || port == "443" || port.empty()) host.resize(colon);
  }
  while (!host.empty() && host.back() == '.') host.pop_back();
  std::string_view h = host;
  if (h.starts_with("www.")) h.remove_prefix(4);

  size_t q = path_query.find('?');
  std::string_view path = path_query.substr(0, q);
  std::string_view query = q == std::string_view::npos ? "" : path_query.substr(q + 1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);

  out.append(h);
  out.append(path);
  bool first = true;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    if (param.empty()) continue;
    std::string_view key = param.substr(0, param.find('='));
    if (is_tracking_param(key, h)) continue;
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
