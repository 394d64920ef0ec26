#pragma once
// The heap for a terminal: totals beside the runtime's own accounting, then
// the histogram by type.
#include <ostream>
#include <vector>

#include "forensics/heap_histogram.h"
#include "gruntime/heap_reader.h"
#include "reports/dump_info.h"

namespace gf {

void WriteHeapText(std::ostream& out, const DumpInfo& info, const HeapSnapshot& snap,
                   const std::vector<HeapHistogramRow>& histogram);

}  // namespace gf
