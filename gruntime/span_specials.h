#pragma once
// The records the runtime attaches to heap objects, per span
// (mspan.specials: finalizers, cleanups, weak handles, profiling records),
// each starting with runtime.special {next, offset, kind}.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gruntime/heap.h"
#include "gruntime/heap_layouts.h"

namespace gf {

class AddressSpace;

struct SpanSpecial {
  uint64_t record = 0;  // the runtime.special
  uint64_t object = 0;  // the object it is attached to
  uint8_t kind = 0;
};

// Every special of every span of objects, in span order, each list in its
// own order (by offset). A list that is cut short or does not end adds a
// warning and ends there.
void ForEachSpecial(const AddressSpace& mem, const Heap& heap, const HeapLayouts& l,
                    const std::function<void(const SpanSpecial&)>& each, std::vector<std::string>& warnings);

}  // namespace gf
