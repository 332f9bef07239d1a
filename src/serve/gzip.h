// gzip of a whole answer, for the answers that are computed once and sent often (the network):
// compressed once at start instead of on every request.
#pragma once

#include <string>
#include <string_view>

namespace lockstep::serve {

// A gzip member (RFC 1952) holding `data`; throws std::runtime_error if zlib fails (out of memory).
std::string gzip(std::string_view data, int level = 6);

}  // namespace lockstep::serve
