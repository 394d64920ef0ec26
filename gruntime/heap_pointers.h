#pragma once
// Where a heap object holds pointers, from the garbage collector's own
// pointer maps, never from guessing at values: the type's GC mask (objects
// with an allocation header or a span of their own, Go 1.22+), the heap bits
// at the end of a small-object span (Go 1.22+), or the arena's heap bitmap
// (Go <= 1.21).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "gruntime/go_types.h"
#include "gruntime/heap_reader.h"

namespace gf {

class Target;

class HeapPointers {
 public:
  HeapPointers(const Target& target, const HeapSnapshot& snap);

  // Offsets from the object's slot start of the words that hold pointers,
  // ascending. nullopt when the map is not in the core.
  std::optional<std::vector<uint64_t>> Slots(uint32_t object) const;
  // The same into `out` (cleared first), for walks over millions of objects
  // that reuse one buffer; false when the map is not in the core.
  bool SlotsInto(uint32_t object, std::vector<uint64_t>& out) const;
  // The same, for an object of span s, each offset handed to `each` as
  // found (an array of millions of pointers needs no list); on false some
  // may have been handed already.
  using SlotSink = std::function<void(uint64_t offset)>;
  bool ForEachSlot(uint32_t object, const HeapSpan& s, const SlotSink& each) const;
  // For a span whose objects all take their map from the span's own heap
  // bits (small objects without a header, Go 1.22+): those bits, one per
  // word of the span, from its base; an empty span when they are not in the
  // core. nullopt for any other span (ask SlotsInto per object).
  std::optional<std::span<const uint8_t>> SpanHeapBits(const HeapSpan& s) const;

 private:
  // A type's size and pointer mask, read once per type.
  struct TypeMask {
    bool ok = false;
    uint64_t size = 0, ptr_words = 0;
    std::vector<uint8_t> mask;
  };
  const TypeMask& MaskOf(uint64_t type) const;
  bool FromType(uint64_t type, uint64_t start, uint64_t end, const SlotSink& out) const;
  bool FromSpanBits(const HeapSpan& s, uint64_t slot, const SlotSink& out) const;
  bool FromArenaBitmap(uint64_t slot, uint64_t size, const SlotSink& out) const;
  bool FromArenaPointerBits(uint64_t slot, uint64_t size, const SlotSink& out) const;
  uint64_t HeapArena(uint64_t addr) const;  // 0 when there is none
  // The heapArena field at `offset` of the arena holding addr; empty when
  // the arena or the field is not in the core.
  std::span<const uint8_t> ArenaField(uint64_t addr, uint64_t offset, uint64_t bytes) const;
  // The word's index among its arena's words, as the heap bitmap counts them.
  uint64_t ArenaWord(uint64_t addr) const { return addr / 8 % (l_.arena_bytes / 8); }

  const AddressSpace& mem_;
  const HeapSnapshot& snap_;
  const HeapLayouts& l_;
  GoTypes types_;
  uint64_t mheap_ = 0;
  mutable std::unordered_map<uint64_t, TypeMask> masks_;
};

}  // namespace gf
