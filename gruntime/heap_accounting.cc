#include "gruntime/heap_accounting.h"

#include <cstring>

#include "gruntime/heap_layouts.h"
#include "gruntime/all_ps.h"
#include "gruntime/target.h"
#include "readers/read_error.h"

namespace gf {
namespace {

uint64_t Field(std::span<const uint8_t> b, uint64_t off, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, b.data() + off, n);
  return v;
}

std::vector<uint64_t> SizeClassSizes(const Target& t, const HeapLayouts& l) {
  auto table = t.MaybeGlobal("internal/runtime/gc.SizeClassToSize");
  if (!table) table = t.Global("runtime.class_to_size");
  std::vector<uint64_t> sizes(l.size_classes);
  for (uint64_t i = 0; i < sizes.size(); ++i) sizes[i] = t.memory().Read<uint16_t>(*table + i * 2);
  return sizes;
}

// Sums the consistent stats' generations, as ReadMemStats does.
void AddHeapStats(const Target& t, const HeapLayouts& l, RuntimeHeapAccounting& a) {
  auto sizes = SizeClassSizes(t, l);
  uint64_t stats = t.Global("runtime.memstats") + l.mstats_heap_stats;
  for (uint64_t gen = 0; gen < l.heap_stats_gens; ++gen) {
    auto d = t.memory().View(stats + gen * l.heap_stats_delta_size, l.heap_stats_delta_size);
    if (d.empty()) throw MemoryFault(stats + gen * l.heap_stats_delta_size);
    a.stacks += Field(d, l.hsd_in_stacks, 8);
    a.workbufs += Field(d, l.hsd_in_workbufs, 8);
    a.heap_alloc += Field(d, l.hsd_large_alloc, 8) - Field(d, l.hsd_large_free, 8);
    a.objects += Field(d, l.hsd_large_alloc_count, 8) - Field(d, l.hsd_large_free_count, 8);
    for (uint64_t c = 0; c < sizes.size(); ++c) {
      uint64_t n = Field(d, l.hsd_small_alloc_count + c * 8, 8) - Field(d, l.hsd_small_free_count + c * 8, 8);
      a.objects += n;
      a.heap_alloc += n * sizes[c];
    }
  }
}

// A cached span's allocations since it was cached: allocCount minus the
// count it had when the mcache took it.
void AddCachedSpans(const Target& t, const HeapLayouts& l, RuntimeHeapAccounting& a) {
  const AddressSpace& mem = t.memory();
  for (uint64_t p : ReadAllPs(t)) {
    uint64_t mcache = mem.ReadPointer(p + l.p_mcache);
    if (mcache == 0) continue;
    for (uint64_t c = 0; c < l.mcache_alloc_count; ++c) {
      uint64_t span = mem.ReadPointer(mcache + l.mcache_alloc + c * 8);
      if (span == 0) continue;
      auto s = mem.View(span, l.span_size);
      if (s.empty()) throw MemoryFault(span);
      uint64_t count = Field(s, l.span_alloc_count.offset, l.span_alloc_count.size);
      uint64_t before = Field(s, l.span_alloc_count_before_cache.offset, l.span_alloc_count_before_cache.size);
      if (count <= before) continue;
      a.cached_objects += count - before;
      a.cached_bytes += (count - before) * Field(s, l.span_elemsize, 8);
    }
  }
}

}  // namespace

RuntimeHeapAccounting ReadHeapAccounting(const Target& t, const HeapLayouts& l) {
  RuntimeHeapAccounting a;
  AddHeapStats(t, l, a);
  AddCachedSpans(t, l, a);
  a.objects += a.cached_objects;
  a.heap_alloc += a.cached_bytes;
  uint64_t gc = t.Global("runtime.gcController");
  a.heap_in_use = t.memory().ReadPointer(gc + l.gc_heap_in_use);
  a.heap_free = t.memory().ReadPointer(gc + l.gc_heap_free);
  a.heap_released = t.memory().ReadPointer(gc + l.gc_heap_released);
  return a;
}

}  // namespace gf
