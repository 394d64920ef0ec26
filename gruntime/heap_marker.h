#pragma once
// Reachability over the heap graph: marks the objects reachable from root
// ranges, following each object's pointers through the GC's own pointer
// maps, and every word where the map is missing (an over-approximation: an
// object is never reported unreachable because a map was absent).
// Objects declared opaque are marked but not traced through: that is how
// the goroutine-leak proof keeps g structs and sudogs from making every
// blocked goroutine's channel reachable.
#include <cstdint>
#include <span>
#include <vector>

#include "gruntime/heap.h"
#include "gruntime/heap_pointers.h"

namespace gf {

class AddressSpace;

class HeapMarker {
 public:
  // pointers == nullptr: every word of every object that may hold pointers
  // is followed (sound even where a pointer map would be misread).
  HeapMarker(const AddressSpace& mem, const Heap& heap, const HeapPointers* pointers);

  void SetOpaque(uint32_t object);
  // Every aligned word in [lo, hi) that points into an object marks it.
  void MarkRange(uint64_t lo, uint64_t hi);
  // The same over words already in hand (a stack viewed once for all of its
  // frames): every aligned word that points into an object marks it.
  void MarkWords(std::span<const uint8_t> words);
  void MarkAddress(uint64_t addr);
  // Traces everything marked so far; call after adding roots.
  void Drain();

  bool Marked(uint32_t object) const { return marked_[object]; }
  uint64_t marked_bytes() const { return marked_bytes_; }

 private:
  void Scan(uint32_t object);

  const AddressSpace& mem_;
  const Heap& heap_;
  const HeapPointers* pointers_;
  std::vector<bool> marked_, opaque_;
  std::vector<uint32_t> work_;
  uint64_t marked_bytes_ = 0;
};

}  // namespace gf
