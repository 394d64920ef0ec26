#pragma once
// Leak suspects for a terminal (text) and for machines (JSON, schema
// "goforensics.leaks/v1", see docs/json-schema.md).
#include <ostream>
#include <vector>

#include "forensics/leak_suspects.h"
#include "gruntime/traceback_filter.h"
#include "reports/dump_info.h"
#include "reports/json_writer.h"

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
// "key": {"function", "file", "line"}.
void WriteSiteJson(JsonWriter& w, std::string_view key, const SourceSite& s);
// One suspect of the leaks schema, for documents that embed suspects.
void WriteSuspectJson(JsonWriter& w, const LeakSuspect& s, const GoroutineSnapshot& goroutines);

}  // namespace gf
