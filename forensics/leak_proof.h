#pragma once
// Goroutines provably leaked: blocked on a channel or sync primitive that
// nothing able to run can reach, so nobody can ever wake them. The method
// of Go's goroutine leak detector (GOEXPERIMENT=goroutineleakprofile), done
// offline over the core's heap graph (HeapGraph, its edges read once into
// EdgeLists): mark from the collector's roots but the goroutine stacks
// (globals through the binary's pointer masks, finalizer and cleanup
// records) and from the stacks of goroutines that may run, never through g
// structs or sudogs (they would make every waited-on primitive reachable);
// a blocked goroutine whose primitive gets marked may run too, so its stack
// joins the roots, until a fixpoint. Whatever is still blocked then is
// leaked.
//
// Reachability is the collector's own: its roots and pointer maps, so an
// object the proof finds unreachable is one the runtime would free. Where
// the core lacks a map the graph reads every word, and a frame without
// stack maps is scanned whole; a primitive that is not a heap object (a
// global, or unknown) counts as reachable. Every approximation errs
// towards "may run".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "forensics/edge_lists.h"
#include "forensics/graph_marker.h"
#include "forensics/heap_graph.h"
#include "gruntime/gc_roots.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"
#include "gruntime/wait_objects.h"

namespace gf {

class Target;

enum class LeakVerdict {
  kMayRun,  // not blocked, or blocked on something a live goroutine or global can reach
  kLeaked,  // blocked on primitives no runnable goroutine or root can reach
};

// Why a goroutine may run: how likely it is to be woken.
enum class WakeSource {
  kNone,        // leaked
  kNotBlocked,  // not waiting on a channel or sync primitive
  kRoots,       // its primitive is reachable from globals or runtime memory (or is not a heap object)
  kGoroutine,   // its primitive is reachable only from goroutines that may run
};

struct LeakProof {
  std::vector<LeakVerdict> verdicts;  // parallel to the snapshot's goroutines
  std::vector<WakeSource> wake;       // likewise
  std::vector<WaitObjects> waits;     // what each waits on
  bool deadlock = false;              // every goroutine of the program is leaked
  uint64_t leaked = 0;
  uint64_t fixpoint_rounds = 0;
};

class LeakProver {
 public:
  // graph: over `heap` and `roots` (the roots of `goroutines`); edges: its edges.
  LeakProver(const Target& target, const GoroutineSnapshot& goroutines, const HeapSnapshot& heap,
             const GcRoots& roots, const HeapGraph& graph, const EdgeLists& edges);

  // The proof stays in the prover (RetainedBy reads it): no copy of 100k waits.
  const LeakProof& Prove();
  // Heap bytes reachable from the stacks of the leaked ones among
  // `goroutines` and from nothing that may run: what they alone keep alive.
  // Call after Prove().
  uint64_t RetainedBy(const std::vector<size_t>& goroutines) const;

 private:
  void MarkRoots();
  void MarkTimerChannels();
  void SetOpaque(uint64_t address);
  void MarkStack(size_t goroutine, GraphMarker& marker) const;
  bool Wakeable(const WaitObjects& w) const;
  template <typename MayRun>
  bool Release(MayRun may_run, WakeSource source);

  const Target& target_;
  const GoroutineSnapshot& snap_;
  const HeapSnapshot& heap_;
  const GcRoots& roots_;
  const HeapGraph& graph_;
  GraphMarker marker_;
  std::vector<uint32_t> stack_nodes_;  // each goroutine's root node in the graph
  LeakProof proof_;
};

}  // namespace gf
