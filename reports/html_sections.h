#pragma once
// The sections of the HTML report, one file each (html_<section>.cc), all
// rendering ReportData. html_report.cc lists them in page order.
#include "reports/html_writer.h"
#include "reports/report_data.h"

namespace gf {

void WriteVerdictSection(HtmlWriter& w, const ReportData& d);
void WriteGoroutinesSection(HtmlWriter& w, const ReportData& d);
void WriteSuspectsSection(HtmlWriter& w, const ReportData& d);
void WriteHeapSection(HtmlWriter& w, const ReportData& d);
void WriteRetainedSection(HtmlWriter& w, const ReportData& d);
void WriteGrowthSection(HtmlWriter& w, const ReportData& d);
void WriteTraceSection(HtmlWriter& w, const ReportData& d);

// "func  file:line" as a function name and a muted location.
void WriteSourceSite(HtmlWriter& w, const SourceSite& s);

}  // namespace gf
