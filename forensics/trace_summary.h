#pragma once
// What a Go execution trace says about a program's health: how long it ran,
// which goroutines it created and where, how their time split between
// running, waiting to run and blocking (by reason), the GC and
// stop-the-world pauses, the minimum mutator utilization, goroutines and
// heap on one time axis, and the goroutines still blocked at the end that
// nothing ever woke: leaks, folded as the core-dump leak view folds them.
#include <cstdint>
#include <string>
#include <vector>

#include "forensics/trace_leaks.h"
#include "forensics/trace_timeline.h"
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

struct HeapSample {
  int64_t time_ns = 0;
  uint64_t bytes = 0;
};

// The MMU for one window size (see forensics/mutator_utilization.h).
struct MmuPoint {
  int64_t window_ns = 0;
  double mmu = 0;
};

struct TraceSummary {
  int64_t start_ns = 0, end_ns = 0;
  uint64_t events = 0;
  uint64_t created = 0, ended = 0, alive_at_start = 0, alive_at_end = 0;
  std::vector<std::string> reasons;          // names of the blocked_ns slots
  std::vector<CreationSite> sites;           // most alive at end first
  std::vector<GoroutineTimes> most_blocked;  // the goroutines blocked longest, longest first
  PauseStats stw, gc;
  // For the kMmuWindows shorter than the trace, then the whole trace; empty
  // when Go's definition gives none (no GOMAXPROCS in the trace).
  std::vector<MmuPoint> mmu;
  Timeline timeline;
  // The peaks of the timeline's buckets, each series on its own.
  std::vector<HeapSample> heap_in_use, heap_goal;
  std::vector<TraceLeak> leaks;              // largest first

  static constexpr size_t kMaxMostBlocked = 20;
  static constexpr int64_t kMmuWindows[] = {1'000'000, 10'000'000, 100'000'000, 1'000'000'000};
};

// Reads the whole trace once. Throws ReadError.
TraceSummary SummarizeTrace(TraceReader& reader);

}  // namespace gf
