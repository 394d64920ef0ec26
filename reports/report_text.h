#pragma once
// The report for a terminal: the verdict, goroutines by state, the largest
// groups, the suspects, the heap's largest types and the trace in a screen
// or two. `goforensics leaks`, `heap` and `trace` give each in full.
#include <ostream>

#include "reports/report_data.h"

namespace gf {

void WriteReportText(std::ostream& out, const ReportData& data);

}  // namespace gf
