#pragma once
// Goroutines as JSON, schema "goforensics.goroutines/v1" (see
// docs/json-schema.md): the stable interface later reports and audits read.
#include <ostream>
#include <vector>

#include "forensics/goroutine_groups.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/traceback_filter.h"
#include "reports/dump_info.h"
#include "reports/json_writer.h"

namespace gf {

// The members of one group of the goroutine-groups schema, for documents
// that embed groups (the caller opens and closes the object).
void WriteGoroutineGroupMembers(JsonWriter& w, const GoroutineGroup& group, const TracebackFilter& frames);

void WriteGoroutinesJson(std::ostream& out, const DumpInfo& info, const GoroutineSnapshot& snap,
                         const TracebackFilter& frames);
void WriteGoroutineGroupsJson(std::ostream& out, const DumpInfo& info, const GoroutineSnapshot& snap,
                              const std::vector<GoroutineGroup>& groups, const TracebackFilter& frames);

}  // namespace gf
