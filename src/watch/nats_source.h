// NATS JetStream as a watch source (nats_source.cpp).
#pragma once

#include "watch/watch.h"

namespace lockstep::watch {

WatchReport run_nats(const WatchOptions& o);

}  // namespace lockstep::watch
