// One CSV cell, safe to open in a spreadsheet: quoted when it holds a delimiter, quote or line
// break, and a leading = + - @ (a formula) defused with a quote character.
#pragma once

#include <string>
#include <string_view>

namespace lockstep {

std::string csv_cell(std::string_view s);

}  // namespace lockstep
