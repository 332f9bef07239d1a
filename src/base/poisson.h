// Poisson tail probabilities, shared by pair significance (coord/) and burst surprise (brigade/).
#pragma once

#include <cstdint>

namespace lockstep {

// log10 P(X >= k) for X ~ Poisson(lambda); 0 for k == 0.
double log10_poisson_tail(uint32_t k, double lambda);

}  // namespace lockstep
