#pragma once
// Who keeps the heap alive, the way Eclipse MAT answers it for Java: the
// dominator tree of the heap graph (HeapGraph: GC roots, then objects
// through the collector's pointer maps), and from it the bytes each root
// retains (what would be freed if it were gone: each global, goroutine
// stack, finalizer), the bytes retained per type, and the paths from a root
// down to where the retained bytes fan out ("main.cache -> map -> []uint8").
#include <cstdint>
#include <string>
#include <vector>

#include "forensics/heap_graph.h"
#include "gruntime/gc_roots.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"

namespace gf {

class Target;

struct RetainedRoot {
  size_t root = 0;  // index into roots.roots
  uint64_t bytes = 0, objects = 0;
};

struct RetainedType {
  uint32_t type = 0;                   // index into the heap's types
  uint64_t count = 0, shallow_bytes = 0;  // its reachable objects
  // What its objects retain, each object counted once (an object below
  // another of the same type in the dominator tree is in that one's share).
  uint64_t retained_bytes = 0, retained_objects = 0;
};

struct RetainerStep {
  uint32_t object = 0;
  uint64_t retained_bytes = 0;
  uint64_t repeat = 1;  // consecutive steps of the same type folded into this one
};

struct RetainerPath {
  size_t root = 0;
  uint64_t retained_bytes = 0;  // the root's
  std::vector<RetainerStep> steps;
};

// A pprof-style sample: the root, then the types along the dominator chain
// down to the objects' own type (consecutive equal types folded); values
// are those objects' count and bytes. Samples add up to the reachable heap.
struct RetainedSample {
  std::vector<std::string> frames;  // root first
  uint64_t objects = 0, bytes = 0;
};

struct RetainedHeap {
  GcRoots roots;
  std::vector<RetainedRoot> by_root;  // every root, most retained first
  // Reachable from more than one root, so retained by none alone.
  uint64_t shared_bytes = 0, shared_objects = 0;
  std::vector<RetainedType> by_type;  // most retained first
  std::vector<RetainerPath> paths;    // of the roots retaining most
  std::vector<RetainedSample> samples;  // when asked for (RetainedOptions::samples)
  uint64_t heap_objects = 0, heap_bytes = 0;
  uint64_t reachable_objects = 0, reachable_bytes = 0;
  uint64_t graph_edges = 0;
  HeapGraph::Problems problems;
  bool mid_gc = false;  // the core was taken while the collector was marking
  std::vector<std::string> warnings;
};

struct RetainedOptions {
  size_t top_paths = 10;
  size_t max_frames = 16;  // sample depth, root included
  // Build the pprof-style samples (--pprof, the report's flame chart): the
  // tables by root, type and path need none.
  bool samples = true;
  // Infer the heap's types first (InferHeapTypes), on a thread of its own
  // while the object graph and its dominator tree are built.
  bool infer_heap_types = false;
};

RetainedHeap AnalyzeRetained(const Target& target, HeapSnapshot& heap, const GoroutineSnapshot& goroutines,
                             const RetainedOptions& options);
// The same over a graph already built (by the leak analysis), whose edges
// the dominator tree consumes: reading them out of the core again would
// cost as much as the first time. The heap's types must be final.
RetainedHeap AnalyzeRetained(const Target& target, const HeapSnapshot& heap, const GcRoots& roots,
                             const HeapGraph& graph, EdgeLists edges, const RetainedOptions& options);

}  // namespace gf
