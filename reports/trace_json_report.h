#pragma once
// The trace summary as JSON, schema "goforensics.trace/v1" (see
// docs/json-schema.md).
#include <ostream>

#include "forensics/trace_summary.h"
#include "readers/trace/trace_reader.h"
#include "reports/json_writer.h"

namespace gf {

void WriteTraceSummaryJson(std::ostream& out, const TraceReader& trace, const TraceSummary& summary);
// The schema's members after "schema", for documents that embed a trace summary.
void WriteTraceSummaryMembers(JsonWriter& w, const TraceReader& trace, const TraceSummary& summary);

}  // namespace gf
