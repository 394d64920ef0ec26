#pragma once
// The heap as the graph the leak proof and the dominator tree run on: node
// 0 is a virtual super-root pointing at every GC root, nodes 1..R are the
// roots (in GcRoots order), the rest the heap's objects (in Heap order). An object's
// edges go to the objects its pointer words point into, the words found
// with the collector's own pointer maps; only an object whose map is not
// in the core is read word by word (counted). A root's edges go to the
// objects its words point into.
//
// The edges are not stored here: ForEachEdgeOfPart reads them out of the
// core (BuildEdgeLists keeps them once, as flat lists of node indexes, for
// the leak proof and the dominator tree).
#include <cstdint>
#include <span>
#include <vector>

#include "forensics/edge_lists.h"
#include "gruntime/gc_roots.h"
#include "gruntime/heap.h"
#include "gruntime/heap_pointers.h"

namespace gf {

class AddressSpace;

class HeapGraph : public EdgeSource {
 public:
  HeapGraph(const AddressSpace& mem, const Heap& heap, const HeapPointers& pointers, const GcRoots& roots);

  uint32_t node_count() const override;
  // Parts of about equal bytes of spans with pointers, as many as the machine has cores
  // (a small heap is one part).
  size_t part_count() const override { return part_spans_.size() - 1; }
  void ForEachEdgeOfPart(size_t part, Sink& sink) const override;

  uint32_t RootNode(size_t root) const { return static_cast<uint32_t>(1 + root); }
  bool IsRoot(uint32_t node) const { return node >= 1 && node <= roots_.size(); }
  bool IsObject(uint32_t node) const { return node > roots_.size(); }
  size_t RootOf(uint32_t node) const { return node - 1; }
  uint32_t ObjectNode(uint32_t object) const { return static_cast<uint32_t>(1 + roots_.size() + object); }
  uint32_t ObjectOf(uint32_t node) const { return static_cast<uint32_t>(node - 1 - roots_.size()); }

  // What the last reading of the edges met that is not a clean pointer.
  struct Problems {
    uint64_t objects_without_map = 0;   // pointer map not in the core: read word by word
    uint64_t objects_not_in_core = 0;   // the object's memory is missing: no edges
    uint64_t root_words_not_in_core = 0;
    uint64_t pointers_to_free_slots = 0;  // a mapped pointer word into a free slot: torn or stale
  };
  Problems problems() const;

 private:
  void SplitIntoParts();
  void RootEdges(Sink& sink, Problems& problems) const;
  void SpanEdges(Sink& sink, const HeapSpan& span, Problems& problems) const;
  void ObjectEdges(Sink& sink, uint32_t object, const HeapSpan& span, Problems& problems) const;
  // A span whose objects' maps are its own heap bits, the span in the core.
  void SpanBitsEdges(Sink& sink, const HeapSpan& span, std::span<const uint8_t> memory,
                     std::span<const uint8_t> bits, Problems& problems) const;
  void PointerEdge(Sink& sink, uint32_t object, uint64_t value, bool mapped, Problems& problems) const;
  void PointerEdge(Sink& sink, uint32_t object, uint32_t span, uint64_t value, Problems& problems) const;

  const AddressSpace& mem_;
  const Heap& heap_;
  const HeapPointers& pointers_;
  const GcRoots& roots_;
  std::vector<size_t> part_spans_;         // part p reads spans [part_spans_[p], part_spans_[p+1])
  mutable std::vector<Problems> problems_;  // per part
};

}  // namespace gf
