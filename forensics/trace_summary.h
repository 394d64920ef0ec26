#pragma once
// What a Go execution trace says about a program's health: how long it ran,
// which goroutines it created and where, how their time split between
// running, waiting to run and blocking (by reason), the GC and
// stop-the-world pauses, the heap over time, and the goroutines still
// blocked at the end that nothing ever woke: leaks, grouped by where they
// were created and where they block.
#include <cstdint>
#include <string>
#include <vector>

#include "readers/trace/trace_model.h"
#include "readers/trace/trace_reader.h"

namespace gf {

struct PauseStats {
  uint64_t count = 0;
  int64_t total_ns = 0, p50_ns = 0, p99_ns = 0, max_ns = 0;
};

// Time spent per state; blocked_ns is indexed like TraceSummary::reasons.
struct StateTimes {
  int64_t running_ns = 0;
  int64_t runnable_ns = 0;  // ready but not scheduled: scheduling latency
  std::vector<int64_t> blocked_ns;
  int64_t BlockedTotal() const;
  void Add(const StateTimes& o);
};

struct CreationSite {
  StackId stack = 0;  // the go statement's stack; 0: goroutines that existed before the trace began
  uint64_t created = 0, ended = 0, alive_at_start = 0, alive_at_end = 0;
  // Net goroutines per second this site adds over the trace.
  double growth_per_sec = 0;
  StateTimes times;
};

struct GoroutineTimes {
  uint64_t goid = 0;
  StackId creation = 0;
  int64_t created_ns = -1, ended_ns = -1;  // -1: before / after the trace
  StateTimes times;
};

// Goroutines blocked at the end of the trace and never woken since they
// blocked, with the same creation site, blocking stack and reason.
struct LeakGroup {
  StackId creation = 0;
  StackId block = 0;
  std::string reason;
  uint64_t count = 0;
  int64_t min_blocked_ns = 0, max_blocked_ns = 0;  // how long they have been blocked at the end
  double growth_per_sec = 0;                       // of their creation site
  std::vector<uint64_t> goids;                      // ascending
};

struct HeapSample {
  int64_t time_ns = 0;
  uint64_t bytes = 0;
};

struct TraceSummary {
  int64_t start_ns = 0, end_ns = 0;
  uint64_t events = 0;
  uint64_t created = 0, ended = 0, alive_at_start = 0, alive_at_end = 0;
  std::vector<std::string> reasons;          // names of the blocked_ns slots
  std::vector<CreationSite> sites;           // most alive at end first
  std::vector<GoroutineTimes> most_blocked;  // the goroutines blocked longest, longest first
  PauseStats stw, gc;
  std::vector<HeapSample> heap_in_use, heap_goal;  // at most kMaxHeapSamples each
  std::vector<LeakGroup> leaks;              // largest first

  static constexpr size_t kMaxMostBlocked = 20;
  static constexpr size_t kMaxHeapSamples = 200;
};

// Reads the whole trace once. Throws ReadError.
TraceSummary SummarizeTrace(TraceReader& reader);

}  // namespace gf
