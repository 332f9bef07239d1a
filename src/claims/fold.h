// A comparison key for short strings (ratings, publisher names, dedupe keys): NFKC + case
// folding, combining marks and Arabic vowel signs dropped, Turkish dotless i and Arabic alef
// variants unified, punctuation as space, spaces collapsed. Not for display.
#pragma once

#include <string>
#include <string_view>

namespace lockstep::claims {

std::string fold_key(std::string_view s);

// The primary language subtag, lower-case: "en-US", "EN_gb", "en" -> "en".
std::string language_key(std::string_view lang);

}  // namespace lockstep::claims
