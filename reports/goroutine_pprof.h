#pragma once
// A core's goroutines as a pprof goroutine profile (sample type
// goroutine/count), for `go tool pprof` and every pprof viewer: one sample
// per group with its stack, labelled with what Go's own goroutine profile
// cannot tell: the status ("state": the wait reason, or running, ...), the
// creation site ("created by") and, for leak suspects, the pattern, the
// signature and how many are proven leaked.
#include <string>
#include <vector>

#include "forensics/goroutine_groups.h"
#include "forensics/leak_suspects.h"
#include "reports/dump_info.h"

namespace gf {

// Throws ReadError naming the path when it cannot be written.
void WriteGoroutineGroupsPprof(const std::string& path, const DumpInfo& info,
                               const std::vector<GoroutineGroup>& groups);
void WriteLeakSuspectsPprof(const std::string& path, const DumpInfo& info, const GoroutineSnapshot& snap,
                            const std::vector<LeakSuspect>& suspects);

}  // namespace gf
