#pragma once
// Immediate dominators of a directed graph rooted at node 0, by Semi-NCA
// (Lengauer–Tarjan's semidominators, then nearest common ancestors in the
// partial tree): near-linear, for heap graphs of tens of millions of nodes.
// The search leaves out the leaves with a single predecessor (in a Go heap:
// most strings and byte slices), numbered after it, each dominated by its
// predecessor.
//
// Memory is the constraint: it holds 4-byte node indexes only, in flat
// arrays. The graph's edges, as forward lists (EdgeLists), serve the
// depth-first search; those are then rewritten in place into
// preorder indices, keeping only the back and cross edges (a predecessor
// that precedes its target in preorder only matters as the least one), and
// their offsets are dropped before the predecessor lists are built. At the
// peak, during the search: 16 bytes per node (with each node's first target
// beside its list) and 4 per edge; while the predecessor lists are built:
// 16 per node and 8 per back or cross edge (fewer than 2^31 nodes, 2^32
// edges).
#include <cstdint>
#include <vector>

#include "forensics/edge_lists.h"
#include "forensics/mapped_vector.h"

namespace gf {

struct DominatorTree {
  static constexpr uint32_t kUnreached = UINT32_MAX;
  // order[v]: graph node v's index in the tree, or kUnreached (the root's
  // is 0). The searched nodes are numbered in depth-first preorder, then
  // the leaves the search left out, grouped by predecessor.
  BigVector<uint32_t> order;
  // idom[i]: the index of i's immediate dominator (idom[0] == 0). A
  // dominator precedes what it dominates: idom[i] < i for i > 0.
  BigVector<uint32_t> idom;
  uint64_t edges = 0;  // in the whole graph
};

DominatorTree ComputeDominators(const EdgeSource& graph);
// The same over edges already read; they are consumed.
DominatorTree ComputeDominators(EdgeLists edges);

}  // namespace gf
