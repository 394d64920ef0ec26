// The whole leak pipeline over one core: goroutines, heap (when readable),
// the offline leak proof and the suspect groups with their heap evidence.
// Every consumer (the leaks command, the HTML report, diff, audit) runs this
// one function so they can never disagree about a core.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "forensics/leak_proof.h"
#include "forensics/leak_suspects.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"

namespace gf {

class Target;

struct LeakAnalysis {
  GoroutineSnapshot goroutines;
  std::optional<HeapSnapshot> heap;
  std::string heap_unavailable;  // why heap is empty: the proof needs the heap
  std::optional<LeakProver> prover;
  const LeakProof* proof = nullptr;  // in the prover; null without a heap
  std::vector<LeakSuspect> suspects;
};

// The result refers to itself (the prover keeps references to goroutines and
// heap), hence the unique_ptr: it must not move.
std::unique_ptr<LeakAnalysis> AnalyzeLeaks(const Target& target, const LeakOptions& options);

}  // namespace gf
