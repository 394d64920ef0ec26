#pragma once
// The report as one self-contained HTML page: verdict, goroutines, leak
// suspects, heap and (with a trace) the timeline, each a section rendered
// from ReportData by its own file (reports/html_*.cc).
#include <ostream>

#include "reports/report_data.h"

namespace gf {

void WriteReportHtml(std::ostream& out, const ReportData& data);

}  // namespace gf
