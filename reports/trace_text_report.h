#pragma once
// The trace summary for people: totals, pauses, heap, leak groups with
// their stacks, the busiest creation sites and the longest-blocked goroutines.
#include <ostream>

#include "forensics/trace_summary.h"
#include "readers/trace/trace_reader.h"

namespace gf {

void WriteTraceSummaryText(std::ostream& out, const TraceReader& trace, const TraceSummary& summary);

}  // namespace gf
