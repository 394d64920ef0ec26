#include "forensics/graph_marker.h"

namespace gf {

GraphMarker::GraphMarker(const EdgeLists& edges)
    : edges_(&edges), marked_(edges.node_count() / 64 + 1), opaque_(edges.node_count() / 64 + 1) {}

void GraphMarker::Mark(uint32_t node) {
  if (Marked(node)) return;
  marked_[node / 64] |= Bit(node);
  if (opaque_[node / 64] & Bit(node)) return;
  // Its list's offsets are read when it is popped: fetch them now.
  __builtin_prefetch(&edges_->first[node]);
  work_.push_back(node);
}

void GraphMarker::Drain() {
  while (!work_.empty()) {
    uint32_t v = work_.back();
    work_.pop_back();
    for (uint32_t k = edges_->first[v]; k < edges_->first[v + 1]; ++k) Mark(edges_->targets[k]);
  }
}

}  // namespace gf
