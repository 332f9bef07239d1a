// A canonical text form of a table, one line per event, for tests and for `lockstep dump`.
#pragma once

#include <string>

#include "store/event_table.h"

namespace lockstep::store {

// "2021-06-16T22:04:51.000Z repost post=... account=...(@handle) parent=... urls=[...]
// text=\"...\"" Empty fields are left out. Text is JSON-escaped, so hostile text cannot break the
// line.
std::string dump_event(const EventTable& t, size_t e);

}  // namespace lockstep::store
