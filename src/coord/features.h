// Per-account behaviour features shown beside each flagged account (not used to flag).
#pragma once

#include <vector>

#include "coord/coord.h"

namespace lockstep::coord {

// Features for the listed accounts, in the same order.
std::vector<AccountFeatures> account_features(const store::EventTable& t,
                                              const std::vector<uint32_t>& accounts);

// True for handles like "maria48213977": letters then 6+ digits, the default pattern of bulk
// sign-ups.
bool looks_generated_handle(std::string_view handle);

}  // namespace lockstep::coord
