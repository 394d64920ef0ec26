#include "forensics/leak_analysis.h"

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
    a->prover.emplace(target, a->goroutines, *a->heap);
    a->proof = &a->prover->Prove();
  }
  a->suspects = FindLeakSuspects(a->goroutines, a->proof, options);
  if (a->heap) AddHeapEvidence(a->suspects, *a->heap, *a->prover);
  return a;
}

}  // namespace gf
