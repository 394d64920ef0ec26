#pragma once
// The heap as JSON, schema "goforensics.heap/v1" (see docs/json-schema.md).
#include <ostream>
#include <vector>

#include "forensics/heap_histogram.h"
#include "gruntime/heap_reader.h"
#include "reports/dump_info.h"

namespace gf {

void WriteHeapJson(std::ostream& out, const DumpInfo& info, const HeapSnapshot& snap,
                   const std::vector<HeapHistogramRow>& histogram);

}  // namespace gf
