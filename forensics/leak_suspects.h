#pragma once
// Leak suspects from a core: goroutines folded by where they block (the
// blocking frame and the wait reason) and where they were created, with the
// evidence a reader needs to act: how many, how long, how much stack and
// heap they hold, which of them are provably leaked, and the likely cause.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "forensics/blocking_site.h"
#include "forensics/leak_patterns.h"
#include "forensics/leak_proof.h"
#include "gruntime/goroutine_reader.h"

namespace gf {

// A channel or sync primitive proven leaked goroutines wait on.
struct WaitedObject {
  uint64_t address = 0;
  std::string kind;  // "channel", "sync primitive", or "sync primitive in main.server" when its holder is known
};

struct LeakSuspect {
  std::string status;
  SourceSite blocking_site;
  std::optional<SourceSite> creation_site;
  const PatternInfo* pattern = nullptr;
  std::vector<size_t> goroutines;  // indices into the snapshot, by goroutine id
  uint64_t proven = 0;             // how many of them are provably leaked
  std::optional<int64_t> max_wait_minutes;
  uint64_t stack_bytes = 0;
  std::optional<uint64_t> retained_bytes;  // heap only these goroutines keep alive
  uint64_t signature = 0;                  // stable across dumps: blocking site + wait + creation site
  std::vector<WaitedObject> proof;         // what the proven ones wait on, unreachable from every root
  // How likely a leak, 0 (proven) to 3 (sleeping or waiting on a timer):
  // 1 = nothing but globals or runtime memory could wake them, or not
  // waiting on a primitive (network I/O, ...); 2 = a goroutine that can run
  // holds what they wait on.
  int tier = 3;
  std::string SignatureHex() const;
};

struct LeakOptions {
  size_t min_count = 1;  // smaller groups are left out (proven ones never are)
  // Infer the types of the objects the runtime did not type (InferHeapTypes)
  // before naming roots and evidence: what a report shows; seconds on a
  // heap of millions of objects, so not for the leaks command.
  bool infer_heap_types = false;
};

// Most severe first: by tier, then proven count, count and wait time.
// The runtime's own goroutines and shapes that are not leaks (running,
// accept loops) are never suspects.
std::vector<LeakSuspect> FindLeakSuspects(const GoroutineSnapshot& snap, const LeakProof* proof,
                                          const LeakOptions& options);

// Names the heap objects in each suspect's proof and measures the heap each
// suspect's goroutines alone keep alive.
void AddHeapEvidence(std::vector<LeakSuspect>& suspects, const HeapSnapshot& heap, const LeakProver& prover);

}  // namespace gf
