#include "gruntime/heap_pointers.h"

#include "gruntime/target.h"
#include "gruntime/two_level_table.h"

namespace gf {
namespace {

constexpr uint64_t kWord = 8;

bool Bit(std::span<const uint8_t> bits, uint64_t i) { return (bits[i / 8] >> (i % 8)) & 1; }

}  // namespace

HeapPointers::HeapPointers(const Target& target, const HeapSnapshot& snap)
    : mem_(target.memory()), snap_(snap), l_(snap.layouts), types_(target, snap.layouts),
      mheap_(target.Global("runtime.mheap_")) {}

std::optional<std::vector<uint64_t>> HeapPointers::Slots(uint32_t object) const {
  std::vector<uint64_t> out;
  if (!SlotsInto(object, out)) return std::nullopt;
  return out;
}

bool HeapPointers::SlotsInto(uint32_t object, std::vector<uint64_t>& out) const {
  out.clear();
  return ForEachSlot(object, snap_.heap.span_of(object), [&](uint64_t off) { out.push_back(off); });
}

bool HeapPointers::ForEachSlot(uint32_t object, const HeapSpan& s, const SlotSink& out) const {
  uint64_t slot = snap_.heap.address(object);
  if (s.noscan()) return true;
  try {
    if (l_.arena_no_more_ptrs) return FromArenaPointerBits(slot, s.elem_size, out);
    if (l_.arena_bitmap) return FromArenaBitmap(slot, s.elem_size, out);
    if (!l_.span_large_type) return false;
    if (s.size_class() == 0) return FromType(mem_.ReadPointer(s.mspan + *l_.span_large_type), 0, s.elem_size, out);
    if (s.elem_size > l_.min_size_for_malloc_header)
      return FromType(mem_.ReadPointer(slot), l_.malloc_header_size, s.elem_size, out);
    return FromSpanBits(s, slot, out);
  } catch (const MemoryFault&) {
    return false;
  }
}

const HeapPointers::TypeMask& HeapPointers::MaskOf(uint64_t type) const {
  auto [it, fresh] = masks_.try_emplace(type);
  if (!fresh) return it->second;
  TypeMask& m = it->second;
  auto t = types_.Read(type);
  if (!t) return m;
  auto mask = types_.PointerMask(*t);
  if (!mask) return m;
  m.ok = true;
  m.size = t->size;
  m.ptr_words = t->ptr_bytes / kWord;
  m.mask = std::move(*mask);
  return m;
}

// The type's mask covers its first PtrBytes; an allocation holding several
// values (a backing array) repeats it every Size_ bytes. The GC tiles on
// into the slot's zeroed tail; only whole values are reported here.
bool HeapPointers::FromType(uint64_t type, uint64_t start, uint64_t end, const SlotSink& out) const {
  if (type == 0) return true;  // a large object the runtime has not typed yet
  const TypeMask& t = MaskOf(type);
  if (!t.ok) return false;
  uint64_t stride = t.size ? t.size : end;
  for (uint64_t elem = start; elem + stride <= end; elem += stride)
    for (uint64_t w = 0; w < t.ptr_words; ++w)
      if (Bit(t.mask, w)) out(elem + w * kWord);
  return true;
}

// Small objects (Go 1.22+): one bit per word of the span, stored at its
// end, below the inline mark bits Go 1.25+'s collector may keep there.
std::optional<std::span<const uint8_t>> HeapPointers::SpanHeapBits(const HeapSpan& s) const {
  if (s.noscan() || l_.arena_no_more_ptrs || l_.arena_bitmap || !l_.span_large_type || s.size_class() == 0 ||
      s.elem_size > l_.min_size_for_malloc_header)
    return std::nullopt;
  uint64_t bits_size = s.bytes / kWord / 8;
  uint64_t bits_base = s.end() - bits_size;
  try {
    if (l_.arena_inline_marks) {
      uint64_t arena = HeapArena(s.base);
      if (arena == 0) return std::span<const uint8_t>{};
      uint64_t page = s.base / l_.page_size % l_.arena_pages;
      if ((mem_.Read<uint8_t>(arena + *l_.arena_inline_marks + page / 8) >> (page % 8)) & 1)
        bits_base -= l_.inline_mark_bits_size;
    }
  } catch (const MemoryFault&) {
    return std::span<const uint8_t>{};
  }
  return mem_.View(bits_base, bits_size);
}

bool HeapPointers::FromSpanBits(const HeapSpan& s, uint64_t slot, const SlotSink& out) const {
  auto bits = SpanHeapBits(s).value_or(std::span<const uint8_t>{});
  if (bits.empty()) return false;
  uint64_t first = (slot - s.base) / kWord;
  for (uint64_t w = 0; w < s.elem_size / kWord; ++w)
    if (Bit(bits, first + w)) out(w * kWord);
  return true;
}

// Go <= 1.19: two bits per word in the arena, four words a byte, pointer
// bits in the low nibble and scan bits in the high one; a clear scan bit
// means no pointers follow in the object. A large object may run on into
// the next arena, whose bitmap then takes over.
bool HeapPointers::FromArenaBitmap(uint64_t slot, uint64_t size, const SlotSink& out) const {
  std::span<const uint8_t> bitmap;
  for (uint64_t off = 0; off < size; off += kWord) {
    uint64_t word = ArenaWord(slot + off);
    if (off == 0 || word == 0) bitmap = ArenaField(slot + off, *l_.arena_bitmap, l_.arena_bitmap_bytes);
    if (bitmap.empty()) return false;
    uint8_t b = bitmap[word / 4];
    unsigned shift = word % 4;
    if (!((b >> (shift + 4)) & 1)) break;
    if ((b >> shift) & 1) out(off);
  }
  return true;
}

// Go 1.20 and 1.21: one bit per word in the arena. The bits past an
// object's last pointer are kept zero only to the end of the 64-bit bitmap
// word whose noMorePtrs bit is set; the GC (heapBitsForAddr) stops there
// and so does this walk, as what follows is not maintained.
bool HeapPointers::FromArenaPointerBits(uint64_t slot, uint64_t size, const SlotSink& out) const {
  constexpr uint64_t kBitmapWordBits = 64;
  std::span<const uint8_t> bitmap, no_more_ptrs;
  for (uint64_t off = 0; off < size; off += kWord) {
    uint64_t word = ArenaWord(slot + off);
    if (off == 0 || word == 0) {
      bitmap = ArenaField(slot + off, *l_.arena_bitmap, l_.arena_bitmap_bytes);
      no_more_ptrs = ArenaField(slot + off, *l_.arena_no_more_ptrs, l_.arena_no_more_ptrs_bytes);
    }
    if (bitmap.empty() || no_more_ptrs.empty()) return false;
    if (Bit(bitmap, word)) out(off);
    if (word % kBitmapWordBits == kBitmapWordBits - 1 && Bit(no_more_ptrs, word / kBitmapWordBits)) break;
  }
  return true;
}

uint64_t HeapPointers::HeapArena(uint64_t addr) const {
  uint64_t index = (addr - l_.arena_base_offset) / l_.arena_bytes;
  uint64_t entry = TwoLevelEntry(mem_, mheap_ + l_.mheap_arenas, index, l_.arena_l2_bits, kWord);
  return entry ? mem_.ReadPointer(entry) : 0;
}

std::span<const uint8_t> HeapPointers::ArenaField(uint64_t addr, uint64_t offset, uint64_t bytes) const {
  uint64_t arena = HeapArena(addr);
  return arena ? mem_.View(arena + offset, bytes) : std::span<const uint8_t>{};
}

}  // namespace gf
