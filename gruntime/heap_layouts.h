#pragma once
// Offsets and constants of the runtime structures the heap model reads
// (mheap, mspan, heapArena, the page allocator, type descriptors, the
// runtime's own heap accounting), all taken from the binary's DWARF so that
// one code path serves Go 1.19 to 1.21 (heap bitmap in the arena) and
// Go 1.22+ (allocation headers, heap bits at the end of small spans).
#include <cstdint>
#include <optional>
#include <string>

namespace gf {

class DwarfTypes;

// A struct member: where it is and how many bytes it takes.
struct FieldRef {
  uint64_t offset = 0, size = 0;
};

struct HeapLayouts {
  // Constants of the platform's heap geometry.
  uint64_t page_size = 0, arena_bytes = 0, arena_base_offset = 0;
  uint64_t arena_l1_bits = 0, arena_l2_bits = 0;
  uint64_t chunk_bytes = 0, chunks_l1_bits = 0, chunks_l2_bits = 0;
  uint32_t span_in_use = 0, span_manual = 0;

  // runtime.mheap and the page allocator inside it.
  uint64_t mheap_allspans = 0, mheap_arenas = 0;
  uint64_t mheap_chunks = 0, mheap_inuse_ranges = 0;  // pages.chunks, pages.inUse.ranges
  uint64_t addr_range_size = 0, addr_range_limit = 0;
  uint64_t palloc_data_size = 0, palloc_scavenged = 0, palloc_bits_size = 0;
  // runtime.p's page cache: free pages taken out of the allocator's bitmap.
  uint64_t p_pcache = 0, pcache_cache = 0, pcache_scav = 0;

  // runtime.mspan
  uint64_t span_size = 0;
  uint64_t span_start = 0, span_npages = 0, span_alloc_bits = 0, span_elemsize = 0;
  FieldRef span_freeindex, span_nelems, span_alloc_count, span_alloc_count_before_cache;
  uint64_t span_spanclass = 0, span_state = 0;
  std::optional<uint64_t> span_large_type;  // Go 1.22+: allocation headers
  uint64_t span_next = 0;

  // runtime.work.wbufSpans: the manual spans holding GC work buffers rather
  // than stacks (mSpanList heads; nullopt when DWARF does not tell).
  std::optional<uint64_t> work_wbuf_free, work_wbuf_busy;
  uint64_t span_list_first = 0;

  // runtime.heapArena
  uint64_t arena_spans = 0, arena_pages = 0;
  // Go <= 1.21's heap bitmap: 2 bits per word up to Go 1.19; 1 bit per word
  // plus noMorePtrs (a bit per 64-bit bitmap word) in Go 1.20 and 1.21.
  std::optional<uint64_t> arena_bitmap, arena_no_more_ptrs;
  uint64_t arena_bitmap_bytes = 0, arena_no_more_ptrs_bytes = 0;
  std::optional<uint64_t> arena_inline_marks;  // Go 1.25+: pageUseSpanInlineMarkBits
  uint64_t inline_mark_bits_size = 0;          // sizeof(runtime.spanInlineMarkBits)

  // Allocation headers (Go 1.22+): objects above this size carry their type.
  uint64_t malloc_header_size = 0, min_size_for_malloc_header = 0;

  // abi.Type (runtime._type before Go 1.21)
  uint64_t type_size = 0, type_ptrbytes = 0, type_tflag = 0, type_gcdata = 0, type_str = 0;
  uint8_t tflag_extra_star = 0, tflag_gcmask_on_demand = 0;
  // runtime.moduledata
  uint64_t module_types = 0, module_etypes = 0, module_next = 0;
  // Its data and bss sections and their pointer masks (runtime.bitvector,
  // decoded by the runtime at start-up from the binary's gcdata/gcbss).
  uint64_t module_data = 0, module_edata = 0, module_bss = 0, module_ebss = 0;
  uint64_t module_gcdatamask = 0, module_gcbssmask = 0;
  uint64_t bitvector_n = 0, bitvector_bytedata = 0;

  // Span specials (runtime.special and the kinds the collector treats as
  // roots): a finalizer keeps its object's referents and its function
  // alive, a cleanup (Go 1.24+) its function and argument, a weak pointer
  // (Go 1.24+) its handle.
  uint64_t span_specials = 0, special_next = 0, special_offset = 0, special_kind = 0;
  uint8_t kind_special_finalizer = 0;
  uint64_t special_finalizer_fn = 0;
  std::optional<uint8_t> kind_special_cleanup, kind_special_weak_handle;
  FieldRef special_cleanup_fn, special_weak_handle;

  // The runtime's accounting: memstats.heapStats (consistent stats) ...
  uint64_t mstats_heap_stats = 0, heap_stats_gens = 0, heap_stats_delta_size = 0;
  uint64_t hsd_in_stacks = 0, hsd_in_workbufs = 0;
  uint64_t hsd_large_alloc = 0, hsd_large_alloc_count = 0, hsd_small_alloc_count = 0;
  uint64_t hsd_large_free = 0, hsd_large_free_count = 0, hsd_small_free_count = 0;
  uint64_t size_classes = 0;
  // ... gcController's heap gauges ...
  uint64_t gc_heap_in_use = 0, gc_heap_free = 0, gc_heap_released = 0;
  // ... and the per-P caches holding spans whose allocations are not yet counted.
  uint64_t p_mcache = 0, mcache_alloc = 0, mcache_alloc_count = 0;

  // Throws ReadError naming `source` and what is missing.
  static HeapLayouts FromDwarf(const DwarfTypes& dwarf, const std::string& source);
};

}  // namespace gf
