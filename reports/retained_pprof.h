#pragma once
// The retained heap as a pprof heap-like profile (sample types
// objects/count and space/bytes): each sample's stack is a root, then the
// types along the dominator chain down to the objects' own type, as pseudo
// frames; `go tool pprof -top` then ranks types by what they hold and
// -http shows who retains what as a flame graph. The samples add up to the
// reachable heap.
#include <string>

#include "forensics/retained_heap.h"
#include "reports/dump_info.h"

namespace gf {

// Throws ReadError naming the path when it cannot be written.
void WriteRetainedPprof(const std::string& path, const DumpInfo& info, const RetainedHeap& r);

}  // namespace gf
