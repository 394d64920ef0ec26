#pragma once
// Reachability over a graph's edge lists, a bit per node: marks what the
// nodes handed to Mark reach, never following the edges out of a node
// declared opaque (the leak proof's g structs and sudogs). Copied to ask
// "what would these add" without disturbing the original.
#include <bit>
#include <cstdint>
#include <vector>

#include "forensics/edge_lists.h"

namespace gf {

class GraphMarker {
 public:
  explicit GraphMarker(const EdgeLists& edges);

  void SetOpaque(uint32_t node) { opaque_[node / 64] |= Bit(node); }
  // Marks the node; Drain marks what it reaches.
  void Mark(uint32_t node);
  void Drain();
  bool Marked(uint32_t node) const { return marked_[node / 64] & Bit(node); }

  // Calls f(node) for each node marked here but not in `base` (a copy this
  // one was made from).
  template <typename F>
  void ForEachMarkedBeyond(const GraphMarker& base, F f) const {
    for (size_t w = 0; w < marked_.size(); ++w)
      for (uint64_t bits = marked_[w] & ~base.marked_[w]; bits; bits &= bits - 1)
        f(static_cast<uint32_t>(w * 64 + std::countr_zero(bits)));
  }

 private:
  static uint64_t Bit(uint32_t node) { return uint64_t{1} << (node % 64); }

  const EdgeLists* edges_;
  std::vector<uint64_t> marked_, opaque_;
  std::vector<uint32_t> work_;
};

}  // namespace gf
