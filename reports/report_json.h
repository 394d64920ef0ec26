#pragma once
// The report as JSON, schema "goforensics.report/v1" (docs/json-schema.md):
// the same data the HTML page shows, built from the other schemas' parts.
#include <ostream>

#include "reports/report_data.h"

namespace gf {

void WriteReportJson(std::ostream& out, const ReportData& data);

}  // namespace gf
