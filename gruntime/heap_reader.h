#pragma once
// Reads the Go heap out of a core: every span in mheap_.allspans, the
// allocated objects of the in-use ones and their types, the page allocator's
// free and released pages, and the runtime's own accounting to check the
// totals against.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gruntime/heap.h"
#include "gruntime/heap_accounting.h"
#include "gruntime/heap_layouts.h"

namespace gf {

class Target;

// What the walk itself found; each field names the MemStats field it is.
struct HeapTotals {
  uint64_t spans_in_use = 0, spans_manual = 0;
  uint64_t in_use_bytes = 0;    // pages of in-use spans (HeapInuse)
  uint64_t alloc_bytes = 0;     // slots of allocated objects (HeapAlloc)
  uint64_t objects = 0;         // allocated objects (HeapObjects)
  uint64_t manual_bytes = 0;    // pages of manually managed spans: stacks and GC work buffers
  uint64_t stack_bytes = 0;     // of those, stacks (StackInuse)
  uint64_t free_bytes = 0;      // free pages still backed (HeapIdle - HeapReleased)
  uint64_t released_bytes = 0;  // free pages returned to the OS (HeapReleased)
  uint64_t unknown_objects = 0, unknown_bytes = 0;  // objects of no known type
  // Of the others, those whose type was inferred (InferHeapTypes) rather
  // than recorded by the runtime.
  uint64_t inferred_objects = 0, inferred_bytes = 0;
};

struct HeapSnapshot {
  HeapLayouts layouts;
  Heap heap;
  HeapTotals totals;
  std::optional<RuntimeHeapAccounting> runtime;  // nullopt when unreadable (a warning says why)
  uint64_t spans_skipped = 0;                    // torn or unreadable spans, left out of everything
  std::vector<std::string> warnings;
};

// Throws ReadError when the binary has no DWARF or the heap's roots
// (mheap_.allspans) are unreadable; anything smaller becomes a warning.
HeapSnapshot ReadHeap(const Target& target);

}  // namespace gf
