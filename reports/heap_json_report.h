#pragma once
// The heap as JSON, schema "goforensics.heap/v1" (see docs/json-schema.md).
#include <ostream>
#include <span>
#include <vector>

#include "forensics/heap_histogram.h"
#include "gruntime/heap_reader.h"
#include "reports/dump_info.h"
#include "reports/json_writer.h"

namespace gf {

void WriteHeapJson(std::ostream& out, const DumpInfo& info, const HeapSnapshot& snap,
                   const std::vector<HeapHistogramRow>& histogram);
// Its "totals" and "runtime" members, and its "types" member, for documents
// that embed the heap.
void WriteHeapTotalsJson(JsonWriter& w, const HeapSnapshot& snap);
void WriteHeapTypesJson(JsonWriter& w, std::span<const HeapHistogramRow> rows);

}  // namespace gf
