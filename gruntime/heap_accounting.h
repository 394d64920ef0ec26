#pragma once
// The runtime's own heap accounting as the core holds it: the consistent
// heap stats (memstats.heapStats) that runtime.ReadMemStats sums, the
// gcController's page gauges, and the allocations of spans cached by a P's
// mcache, which the runtime counts only when the span leaves the cache.
#include <cstdint>
#include <string>
#include <vector>

namespace gf {

class Target;
struct HeapLayouts;

struct RuntimeHeapAccounting {
  uint64_t heap_alloc = 0;     // MemStats.HeapAlloc
  uint64_t objects = 0;        // MemStats.HeapObjects
  uint64_t heap_in_use = 0;    // MemStats.HeapInuse
  uint64_t heap_free = 0;      // MemStats.HeapIdle - HeapReleased
  uint64_t heap_released = 0;  // MemStats.HeapReleased
  uint64_t stacks = 0;         // MemStats.StackInuse
  uint64_t workbufs = 0;       // GC work buffers (in MemStats.GCSys)
  uint64_t cached_objects = 0, cached_bytes = 0;  // of the above, not yet in heapStats
};

// Throws MemoryFault or ReadError when the runtime's globals are unreadable.
RuntimeHeapAccounting ReadHeapAccounting(const Target& target, const HeapLayouts& l);

}  // namespace gf
