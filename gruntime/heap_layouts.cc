#include "gruntime/heap_layouts.h"

#include <initializer_list>

#include "readers/dwarf_types.h"
#include "readers/read_error.h"

namespace gf {
namespace {

// Reads members, constants and sizes, trying each name a field or constant
// has had across Go releases (the first one the binary has wins).
class HeapLayoutReader {
 public:
  HeapLayoutReader(const DwarfTypes& d, const std::string& source) : d_(d), source_(source) {}

  const DwarfStruct& Struct(const std::string& name) const {
    const DwarfStruct* s = d_.Struct(name);
    if (!s) throw ReadError(source_, "DWARF has no type " + name);
    return *s;
  }
  const DwarfStruct* MaybeStruct(const std::string& name) const { return d_.Struct(name); }
  const DwarfStruct& FirstStruct(std::initializer_list<const char*> names) const {
    for (const char* n : names)
      if (const DwarfStruct* s = d_.Struct(n)) return *s;
    throw ReadError(source_, std::string("DWARF has no type ") + *names.begin());
  }
  std::optional<FieldRef> MaybeMember(const DwarfStruct& s, std::initializer_list<const char*> names) const {
    for (const char* n : names)
      if (const DwarfMember* m = s.Member(n)) return FieldRef{m->offset, m->size};
    return std::nullopt;
  }
  FieldRef Member(const DwarfStruct& s, std::initializer_list<const char*> names) const {
    if (auto m = MaybeMember(s, names)) return *m;
    throw ReadError(source_, "DWARF type " + s.name + " has no field " + *names.begin());
  }
  uint64_t Offset(const std::string& type, std::initializer_list<const char*> names) const {
    return Member(Struct(type), names).offset;
  }
  std::optional<int64_t> MaybeConst(std::initializer_list<const char*> names) const {
    for (const char* n : names)
      if (auto v = d_.Constant(n)) return v;
    return std::nullopt;
  }
  uint64_t Const(std::initializer_list<const char*> names) const {
    if (auto v = MaybeConst(names)) return static_cast<uint64_t>(*v);
    throw ReadError(source_, std::string("DWARF has no constant ") + *names.begin());
  }

 private:
  const DwarfTypes& d_;
  const std::string& source_;
};

void ReadGeometry(const HeapLayoutReader& r, HeapLayouts& l) {
  l.page_size = r.Const({"runtime._PageSize", "runtime.pageSize", "internal/runtime/gc.PageSize"});
  l.arena_bytes = r.Const({"runtime.heapArenaBytes"});
  l.arena_base_offset = r.Const({"runtime.arenaBaseOffsetUintptr", "runtime.arenaBaseOffset"});
  l.arena_l1_bits = r.Const({"runtime.arenaL1Bits"});
  l.arena_l2_bits = r.Const({"runtime.arenaL2Bits"});
  l.chunk_bytes = r.Const({"runtime.pallocChunkBytes"});
  l.chunks_l1_bits = r.Const({"runtime.pallocChunksL1Bits"});
  l.chunks_l2_bits = r.Const({"runtime.pallocChunksL2Bits"});
  l.span_in_use = static_cast<uint32_t>(r.Const({"runtime.mSpanInUse"}));
  l.span_manual = static_cast<uint32_t>(r.Const({"runtime.mSpanManual"}));
}

void ReadMheap(const HeapLayoutReader& r, HeapLayouts& l) {
  const DwarfStruct& mheap = r.Struct("runtime.mheap");
  l.mheap_allspans = r.Member(mheap, {"allspans"}).offset;
  l.mheap_arenas = r.Member(mheap, {"arenas"}).offset;
  uint64_t pages = r.Member(mheap, {"pages"}).offset;
  l.mheap_chunks = pages + r.Offset("runtime.pageAlloc", {"chunks"});
  l.mheap_inuse_ranges = pages + r.Offset("runtime.pageAlloc", {"inUse"}) + r.Offset("runtime.addrRanges", {"ranges"});
  const DwarfStruct& range = r.Struct("runtime.addrRange");
  l.addr_range_size = range.size;
  l.addr_range_limit = r.Member(range, {"limit"}).offset;
  const DwarfStruct& palloc = r.Struct("runtime.pallocData");
  l.palloc_data_size = palloc.size;
  // DWARF gives pallocBits (a named array type) no size: the alloc bits
  // end where the scavenged bits begin.
  l.palloc_scavenged = r.Member(palloc, {"scavenged"}).offset;
  l.palloc_bits_size = l.palloc_scavenged - r.Member(palloc, {"pallocBits"}).offset;
  l.p_pcache = r.Offset("runtime.p", {"pcache"});
  const DwarfStruct& pcache = r.Struct("runtime.pageCache");
  l.pcache_cache = r.Member(pcache, {"cache"}).offset;
  l.pcache_scav = r.Member(pcache, {"scav"}).offset;
}

// work.wbufSpans has an anonymous struct type, which DWARF names by its
// Go spelling (unchanged from Go 1.19 to 1.26).
void ReadWorkBufLists(const HeapLayoutReader& r, HeapLayouts& l) {
  auto wbufs = r.MaybeMember(r.Struct("runtime.workType"), {"wbufSpans"});
  const DwarfStruct* lists = r.MaybeStruct(
      "struct { runtime.lock runtime.mutex; runtime.free runtime.mSpanList; runtime.busy runtime.mSpanList }");
  if (!wbufs || !lists) return;
  auto free = r.MaybeMember(*lists, {"free", "runtime.free"});
  auto busy = r.MaybeMember(*lists, {"busy", "runtime.busy"});
  if (!free || !busy) return;
  l.work_wbuf_free = wbufs->offset + free->offset;
  l.work_wbuf_busy = wbufs->offset + busy->offset;
}

void ReadSpan(const HeapLayoutReader& r, HeapLayouts& l) {
  const DwarfStruct& span = r.Struct("runtime.mspan");
  l.span_size = span.size;
  l.span_start = r.Member(span, {"startAddr"}).offset;
  l.span_npages = r.Member(span, {"npages"}).offset;
  l.span_alloc_bits = r.Member(span, {"allocBits"}).offset;
  l.span_elemsize = r.Member(span, {"elemsize"}).offset;
  l.span_freeindex = r.Member(span, {"freeindex"});
  l.span_nelems = r.Member(span, {"nelems"});
  l.span_alloc_count = r.Member(span, {"allocCount"});
  l.span_alloc_count_before_cache = r.Member(span, {"allocCountBeforeCache"});
  l.span_spanclass = r.Member(span, {"spanclass"}).offset;
  l.span_state = r.Member(span, {"state"}).offset;
  if (auto m = r.MaybeMember(span, {"largeType"})) l.span_large_type = m->offset;
  l.span_next = r.Member(span, {"next"}).offset;
  l.span_list_first = r.Offset("runtime.mSpanList", {"first"});
  ReadWorkBufLists(r, l);

  const DwarfStruct& arena = r.Struct("runtime.heapArena");
  FieldRef spans = r.Member(arena, {"spans"});
  l.arena_spans = spans.offset;
  l.arena_pages = spans.size / 8;
  if (auto m = r.MaybeMember(arena, {"bitmap"}); m && !l.span_large_type) {
    l.arena_bitmap = m->offset;
    l.arena_bitmap_bytes = m->size;
    if (auto n = r.MaybeMember(arena, {"noMorePtrs"})) {
      l.arena_no_more_ptrs = n->offset;
      l.arena_no_more_ptrs_bytes = n->size;
    }
  }
  // Go 1.25 has the arena field, but its Green Tea collector is an
  // experiment off by default: then spanInlineMarkBits is empty, DWARF
  // leaves it out, and the runtime never sets the field's bits.
  auto inline_marks = r.MaybeMember(arena, {"pageUseSpanInlineMarkBits"});
  const DwarfStruct* inline_mark_bits = r.MaybeStruct("runtime.spanInlineMarkBits");
  if (inline_marks && inline_mark_bits && inline_mark_bits->size) {
    l.arena_inline_marks = inline_marks->offset;
    l.inline_mark_bits_size = inline_mark_bits->size;
  }
  if (l.span_large_type) {
    l.malloc_header_size = r.Const({"internal/runtime/gc.MallocHeaderSize", "runtime.mallocHeaderSize"});
    l.min_size_for_malloc_header =
        r.Const({"internal/runtime/gc.MinSizeForMallocHeader", "runtime.minSizeForMallocHeader"});
  }
}

void ReadTypes(const HeapLayoutReader& r, HeapLayouts& l) {
  const DwarfStruct* type = &r.FirstStruct({"internal/abi.Type", "runtime._type"});
  l.type_size = r.Member(*type, {"Size_", "size"}).offset;
  l.type_ptrbytes = r.Member(*type, {"PtrBytes", "ptrdata"}).offset;
  l.type_tflag = r.Member(*type, {"TFlag", "tflag"}).offset;
  l.type_gcdata = r.Member(*type, {"GCData", "gcdata"}).offset;
  l.type_str = r.Member(*type, {"Str", "str"}).offset;
  l.tflag_extra_star = static_cast<uint8_t>(r.Const({"internal/abi.TFlagExtraStar", "runtime.tflagExtraStar"}));
  l.tflag_gcmask_on_demand = static_cast<uint8_t>(r.MaybeConst({"internal/abi.TFlagGCMaskOnDemand"}).value_or(0));
  const DwarfStruct& module = r.Struct("runtime.moduledata");
  l.module_types = r.Member(module, {"types"}).offset;
  l.module_etypes = r.Member(module, {"etypes"}).offset;
  l.module_next = r.Member(module, {"next"}).offset;
  l.module_data = r.Member(module, {"data"}).offset;
  l.module_edata = r.Member(module, {"edata"}).offset;
  l.module_bss = r.Member(module, {"bss"}).offset;
  l.module_ebss = r.Member(module, {"ebss"}).offset;
  l.module_gcdatamask = r.Member(module, {"gcdatamask"}).offset;
  l.module_gcbssmask = r.Member(module, {"gcbssmask"}).offset;
  const DwarfStruct& bitvector = r.Struct("runtime.bitvector");
  l.bitvector_n = r.Member(bitvector, {"n"}).offset;
  l.bitvector_bytedata = r.Member(bitvector, {"bytedata"}).offset;
}

void ReadSpecials(const HeapLayoutReader& r, HeapLayouts& l) {
  l.span_specials = r.Offset("runtime.mspan", {"specials"});
  const DwarfStruct& special = r.Struct("runtime.special");
  l.special_next = r.Member(special, {"next"}).offset;
  l.special_offset = r.Member(special, {"offset"}).offset;
  l.special_kind = r.Member(special, {"kind"}).offset;
  l.kind_special_finalizer = static_cast<uint8_t>(r.Const({"runtime._KindSpecialFinalizer"}));
  l.special_finalizer_fn = r.Offset("runtime.specialfinalizer", {"fn"});
  auto cleanup_kind = r.MaybeConst({"runtime._KindSpecialCleanup"});
  const DwarfStruct* cleanup = r.MaybeStruct("runtime.specialCleanup");
  if (cleanup_kind && cleanup) {
    if (auto f = r.MaybeMember(*cleanup, {"cleanup", "fn"})) {
      l.kind_special_cleanup = static_cast<uint8_t>(*cleanup_kind);
      l.special_cleanup_fn = *f;
    }
  }
  auto weak_kind = r.MaybeConst({"runtime._KindSpecialWeakHandle"});
  const DwarfStruct* weak = r.MaybeStruct("runtime.specialWeakHandle");
  if (weak_kind && weak) {
    if (auto f = r.MaybeMember(*weak, {"handle"})) {
      l.kind_special_weak_handle = static_cast<uint8_t>(*weak_kind);
      l.special_weak_handle = *f;
    }
  }
}

void ReadAccounting(const HeapLayoutReader& r, HeapLayouts& l) {
  l.mstats_heap_stats = r.Offset("runtime.mstats", {"heapStats"});
  FieldRef gens = r.Member(r.Struct("runtime.consistentHeapStats"), {"stats"});
  const DwarfStruct& delta = r.Struct("runtime.heapStatsDelta");
  l.mstats_heap_stats += gens.offset;
  l.heap_stats_delta_size = delta.size;
  l.heap_stats_gens = delta.size ? gens.size / delta.size : 0;
  l.hsd_in_stacks = r.Member(delta, {"inStacks"}).offset;
  l.hsd_in_workbufs = r.Member(delta, {"inWorkBufs"}).offset;
  l.hsd_large_alloc = r.Member(delta, {"largeAlloc"}).offset;
  l.hsd_large_alloc_count = r.Member(delta, {"largeAllocCount"}).offset;
  FieldRef small = r.Member(delta, {"smallAllocCount"});
  l.hsd_small_alloc_count = small.offset;
  l.size_classes = small.size / 8;
  l.hsd_large_free = r.Member(delta, {"largeFree"}).offset;
  l.hsd_large_free_count = r.Member(delta, {"largeFreeCount"}).offset;
  l.hsd_small_free_count = r.Member(delta, {"smallFreeCount"}).offset;

  const DwarfStruct& gc = r.Struct("runtime.gcControllerState");
  l.gc_heap_in_use = r.Member(gc, {"heapInUse"}).offset;
  l.gc_heap_free = r.Member(gc, {"heapFree"}).offset;
  l.gc_heap_released = r.Member(gc, {"heapReleased"}).offset;
  l.p_mcache = r.Offset("runtime.p", {"mcache"});
  FieldRef alloc = r.Member(r.Struct("runtime.mcache"), {"alloc"});
  l.mcache_alloc = alloc.offset;
  l.mcache_alloc_count = alloc.size / 8;
}

}  // namespace

HeapLayouts HeapLayouts::FromDwarf(const DwarfTypes& dwarf, const std::string& source) {
  HeapLayoutReader r(dwarf, source);
  HeapLayouts l;
  ReadGeometry(r, l);
  ReadMheap(r, l);
  ReadSpan(r, l);
  ReadTypes(r, l);
  ReadSpecials(r, l);
  ReadAccounting(r, l);
  return l;
}

}  // namespace gf
