// Internals of make_plan shared by its source files.
#pragma once

#include <vector>

#include "synth/plan.h"

namespace lockstep::synth {

// Organic accounts not yet given a part, in random order.
class AccountPool {
 public:
  AccountPool(const Population& pop, int64_t created_before, Rng& r);
  uint32_t take();  // kNoAccount when empty
  // An account with followers in [lo, hi] (any, if none is found nearby), marked Role::reserved
  // so that no campaign or fan base recruits it.
  uint32_t take_reserved(Population& pop, uint32_t lo, uint32_t hi);
  size_t size() const { return ids_.size(); }

 private:
  std::vector<uint32_t> ids_;
};

std::vector<Campaign> plan_campaigns(const SynthOptions& o, Population& pop, const TextGen& text,
                                     AccountPool& pool, Rng& r);

}  // namespace lockstep::synth
