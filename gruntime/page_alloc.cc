#include "gruntime/page_alloc.h"

#include <algorithm>
#include <bit>

#include "gruntime/heap_layouts.h"
#include "gruntime/all_ps.h"
#include "gruntime/target.h"
#include "gruntime/two_level_table.h"
#include "readers/read_error.h"

namespace gf {
namespace {

// More in-use ranges than this is a torn slice header.
constexpr uint64_t kMaxRanges = 1 << 20;

bool Bit(std::span<const uint8_t> bits, uint64_t i) { return (bits[i / 8] >> (i % 8)) & 1; }

// Pages [first, last) of one chunk. A page both allocated and scavenged is
// padding the runtime placed to randomize the heap's base (Go 1.26+); it
// counts as released.
void CountChunk(std::span<const uint8_t> data, const HeapLayouts& l, uint64_t first, uint64_t last,
                PageCounts& c) {
  auto alloc = data.subspan(0, l.palloc_bits_size);
  auto scavenged = data.subspan(l.palloc_scavenged, l.palloc_bits_size);
  for (uint64_t p = first; p < last; ++p) {
    if (Bit(scavenged, p)) c.released_bytes += l.page_size;
    else if (!Bit(alloc, p)) c.free_bytes += l.page_size;
  }
}

void CountRange(const AddressSpace& mem, const HeapLayouts& l, uint64_t mheap, uint64_t base, uint64_t limit,
                PageCounts& c) {
  // A torn range (limit below base, or wider than any heap) would make this
  // loop run for years: the runtime's heap ranges are far below 4 TiB.
  constexpr uint64_t kMaxRange = uint64_t{1} << 42;
  if (limit <= base || limit - base > kMaxRange || l.chunk_bytes == 0) {
    c.unreadable_chunks++;
    return;
  }
  for (uint64_t chunk = base - base % l.chunk_bytes; chunk < limit; chunk += l.chunk_bytes) {
    uint64_t index = (chunk - l.arena_base_offset) / l.chunk_bytes;
    uint64_t lo = std::max(base, chunk), hi = std::min(limit, chunk + l.chunk_bytes);
    try {
      uint64_t entry = TwoLevelEntry(mem, mheap + l.mheap_chunks, index, l.chunks_l2_bits, l.palloc_data_size);
      auto data = entry ? mem.View(entry, l.palloc_data_size) : std::span<const uint8_t>{};
      if (data.size() < l.palloc_scavenged + l.palloc_bits_size) {
        c.unreadable_chunks++;
        continue;
      }
      CountChunk(data, l, (lo - chunk) / l.page_size, (hi - chunk) / l.page_size, c);
    } catch (const MemoryFault&) {
      c.unreadable_chunks++;
    }
  }
}

// A P's page cache: 64 pages from base, `cache` marking the free ones and
// `scav` those of them released.
void CountPageCaches(const Target& t, const HeapLayouts& l, PageCounts& c) {
  const AddressSpace& mem = t.memory();
  for (uint64_t p : ReadAllPs(t)) {
    uint64_t cache = mem.ReadPointer(p + l.p_pcache + l.pcache_cache);
    uint64_t scav = mem.ReadPointer(p + l.p_pcache + l.pcache_scav);
    c.released_bytes += std::popcount(cache & scav) * l.page_size;
    c.free_bytes += std::popcount(cache & ~scav) * l.page_size;
  }
}

}  // namespace

PageCounts CountHeapPages(const Target& t, const HeapLayouts& l) {
  const AddressSpace& mem = t.memory();
  uint64_t mheap = t.Global("runtime.mheap_");
  PageCounts c;
  uint64_t ptr = mem.ReadPointer(mheap + l.mheap_inuse_ranges);
  uint64_t len = mem.ReadPointer(mheap + l.mheap_inuse_ranges + 8);
  if (len > kMaxRanges)
    throw ReadError("runtime.mheap_.pages", "in-use ranges have an implausible length " + std::to_string(len));
  for (uint64_t i = 0; i < len; ++i) {
    uint64_t r = ptr + i * l.addr_range_size;
    CountRange(mem, l, mheap, mem.ReadPointer(r), mem.ReadPointer(r + l.addr_range_limit), c);
  }
  CountPageCaches(t, l, c);
  return c;
}

}  // namespace gf
