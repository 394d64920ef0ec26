// The whole leak pipeline over one core: goroutines, heap (when readable)
// and its object graph, the offline leak proof and the suspect groups with
// their heap evidence.
// Every consumer (the leaks command, the HTML report, diff, audit) runs this
// one function so they can never disagree about a core.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "forensics/edge_lists.h"
#include "forensics/heap_graph.h"
#include "forensics/leak_proof.h"
#include "forensics/leak_suspects.h"
#include "gruntime/gc_roots.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_pointers.h"
#include "gruntime/heap_reader.h"

namespace gf {

class Target;

struct LeakAnalysis {
  GoroutineSnapshot goroutines;
  std::optional<HeapSnapshot> heap;
  std::string heap_unavailable;  // why heap is empty: the proof needs the heap
  // The heap's object graph: the collector's pointer maps and roots, and the
  // edges read once.
  std::optional<HeapPointers> pointers;
  GcRoots roots;
  std::optional<HeapGraph> graph;
  // Once the analysis is done, the retained analysis may take these over
  // (AnalyzeRetained consumes them); the prover's RetainedBy needs them.
  EdgeLists edges;
  std::optional<LeakProver> prover;
  const LeakProof* proof = nullptr;  // in the prover; null without a heap
  std::vector<LeakSuspect> suspects;
};

// The result refers to itself (the graph and the prover keep references to
// its other members), hence the unique_ptr: it must not move.
std::unique_ptr<LeakAnalysis> AnalyzeLeaks(const Target& target, const LeakOptions& options);

}  // namespace gf
