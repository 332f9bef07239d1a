// Inline SVG figures for the HTML report. Every string from the data goes through xml_escape;
// coordinates and colours are computed here, never taken from the data.
#pragma once

#include <string>
#include <vector>

#include "report/report.h"

namespace lockstep::report::svg {

const char* signal_colour(std::string_view signal);

// Accounts as dots, significant edges as lines; dot size by degree, colour by first signal.
std::string campaign_network(const Findings& f, const FoundCluster& c);
// Member events per time bin, bursts in red, with a time axis.
std::string activity(const ActivityHistogram& h, std::string_view caption);
// Who posted when: one row per account (the most active first), a tick per event.
std::string who_posted_when(const Findings& f, const std::vector<uint32_t>& accounts);
// Horizontal bars, one per label.
std::string bars(const std::vector<std::pair<std::string, double>>& rows, std::string_view unit);
// Brigade incidents on a time line: one bar per incident from start to end, alert marked.
std::string brigade_timeline(const Findings& f);

std::string iso_time(int64_t ms);  // "2024-03-04 09:34:45Z"

}  // namespace lockstep::report::svg
