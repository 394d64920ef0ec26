#pragma once
// Leak suspects for a terminal (text) and for machines (JSON, schema
// "goforensics.leaks/v1", see docs/json-schema.md).
#include <ostream>
#include <vector>

#include "forensics/leak_suspects.h"
#include "gruntime/traceback_filter.h"
#include "reports/dump_info.h"

namespace gf {

struct LeakReport {
  const DumpInfo& info;
  const GoroutineSnapshot& goroutines;
  const LeakProof* proof;           // nullptr when the heap could not be read
  std::string proof_unavailable;    // why, then
  const std::vector<LeakSuspect>& suspects;
};

void WriteLeaksText(std::ostream& out, const LeakReport& report, const TracebackFilter& frames);
void WriteLeaksJson(std::ostream& out, const LeakReport& report);

}  // namespace gf
