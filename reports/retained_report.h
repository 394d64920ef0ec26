#pragma once
// The retained heap as text and as JSON (schema goforensics.retained/v1,
// docs/json-schema.md): totals, roots by retained bytes, types by retained
// bytes, retainer paths.
#include <cstddef>
#include <ostream>

#include "forensics/retained_heap.h"
#include "reports/dump_info.h"

namespace gf {

// The text shows the top `top` roots and types; JSON has them all.
void WriteRetainedText(std::ostream& out, const DumpInfo& info, const Heap& heap, const RetainedHeap& r, size_t top);
void WriteRetainedJson(std::ostream& out, const DumpInfo& info, const Heap& heap, const RetainedHeap& r);

// A path as one line: "main.cache -> *main.entry -> []uint8 x3".
std::string RetainerPathLabel(const Heap& heap, const RetainedHeap& r, const RetainerPath& p);

}  // namespace gf
