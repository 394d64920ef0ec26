#include "forensics/leak_analysis.h"

#include "gruntime/heap_type_inference.h"
#include "gruntime/target.h"
#include "readers/read_error.h"

namespace gf {

std::unique_ptr<LeakAnalysis> AnalyzeLeaks(const Target& target, const LeakOptions& options) {
  auto a = std::make_unique<LeakAnalysis>();
  a->goroutines = ReadGoroutines(target);
  try {
    a->heap = ReadHeap(target);
  } catch (const ReadError& e) {
    // Suspects need only goroutines; say why there is no proof.
    a->heap_unavailable = e.what();
  }
  if (a->heap) {
    a->pointers.emplace(target, *a->heap);
    a->roots = ReadGcRoots(target, *a->heap, a->goroutines, *a->pointers);
    // Types are inferred while the object graph's edges are read (which
    // reads none); the roots, the suspects' evidence and the report name them.
    std::future<void> types;
    if (options.infer_heap_types) types = InferHeapTypesConcurrently(target, *a->heap, &a->goroutines);
    a->graph.emplace(target.memory(), a->heap->heap, *a->pointers, a->roots);
    a->edges = BuildEdgeLists(*a->graph);
    if (types.valid()) types.get();
    NameRootObjects(a->roots, a->heap->heap);
    a->prover.emplace(target, a->goroutines, *a->heap, a->roots, *a->graph, a->edges);
    a->proof = &a->prover->Prove();
  }
  a->suspects = FindLeakSuspects(a->goroutines, a->proof, options);
  if (a->heap) AddHeapEvidence(a->suspects, *a->heap, *a->prover);
  return a;
}

}  // namespace gf
