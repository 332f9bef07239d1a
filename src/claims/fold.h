// A comparison key for short strings (ratings, publisher names, dedupe keys): NFKC + case
// folding, combining marks and Arabic vowel signs dropped, Turkish dotless i and Arabic alef
// variants unified, punctuation as space, spaces collapsed. Not for display.
#pragma once

#include <string>
#include <string_view>

namespace lockstep::claims {

std::string fold_key(std::string_view s);

}  // namespace lockstep::claims
