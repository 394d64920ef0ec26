#pragma once
// The retained heap as a flame graph's boxes (root -> path -> type): the
// analysis' pprof-style samples merged into one tree, laid out left to
// right by bytes. Boxes narrower than a share of the reachable heap are
// left out (their bytes stay in their parent's width), so a heap of 10M
// objects draws as a few hundred boxes at most.
#include <cstdint>
#include <string>
#include <vector>

#include "forensics/retained_heap.h"

namespace gf {

struct FlameBox {
  std::string label;
  uint32_t depth = 0;   // 0: a root
  uint64_t offset = 0;  // bytes left of the box, within the reachable heap
  uint64_t bytes = 0, objects = 0;  // the subtree's
};

// Parents before their children, larger siblings first; every box is at
// least `min_share` of r.reachable_bytes.
std::vector<FlameBox> RetainedFlame(const RetainedHeap& r, double min_share);

}  // namespace gf
