#pragma once
// The runtime's page allocator (mheap_.pages): which heap pages are free and
// which of those were returned to the OS. Free pages belong to no span, so
// only the allocator's bitmaps, and the per-P page caches holding pages taken
// out of them, tell them apart.
#include <cstdint>

namespace gf {

class Target;
struct HeapLayouts;

struct PageCounts {
  uint64_t free_bytes = 0;      // free and still backed by memory (MemStats.HeapIdle - HeapReleased)
  uint64_t released_bytes = 0;  // free and returned to the OS (MemStats.HeapReleased)
  uint64_t unreadable_chunks = 0;
};

// Throws MemoryFault or ReadError when the allocator's range list or the
// Ps are unreadable.
PageCounts CountHeapPages(const Target& target, const HeapLayouts& l);

}  // namespace gf
