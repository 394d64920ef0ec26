#pragma once
// Goroutines for a terminal, in the layout of Go's own tracebacks.
#include <ostream>
#include <vector>

#include "forensics/goroutine_groups.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/traceback_filter.h"
#include "reports/dump_info.h"

namespace gf {

// A goroutine's frames and creation site, as Go prints them.
void WriteGoroutineStack(std::ostream& out, const Goroutine& g, const TracebackFilter& frames);

void WriteGoroutinesText(std::ostream& out, const DumpInfo& info, const GoroutineSnapshot& snap,
                         const TracebackFilter& frames);
void WriteGoroutineGroupsText(std::ostream& out, const DumpInfo& info, const GoroutineSnapshot& snap,
                              const std::vector<GoroutineGroup>& groups, const TracebackFilter& frames);

}  // namespace gf
