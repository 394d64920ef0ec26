#pragma once
// Minimum mutator utilization (MMU) of a Go execution trace, with the
// choices of `go tool trace`'s MMU view by default: stop-the-world pauses,
// background mark workers and mark assists; all Ps as one function.
//
// The mutator utilization at a moment is the share of the Ps that run the
// program rather than the GC: 0 during a GC stop-the-world, and each P
// running a dedicated or fractional mark worker, or a goroutine in a mark
// assist, takes 1/GOMAXPROCS away. The MMU for a window size w is the
// lowest mean utilization over any w-long stretch of the trace: the worst
// slowdown the GC inflicted at that time scale.
//
// Go's own computation (internal/trace, behind `go tool trace`) counts a
// mark worker's P once more each time the worker is labelled after its
// first run, so on any trace with background marking its function drops to
// 0 for good within milliseconds and ends there; tests/trace_oracle checks
// this one against an independent model over Go's own parser instead.
#include <cstdint>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "readers/trace/trace_model.h"

namespace gf {

// The utilization from time_ns until the next change.
struct UtilChange {
  int64_t time_ns = 0;
  double util = 0;
};

// Builds the utilization function while the trace is read.
class MutatorUtilization : public TraceVisitor {
 public:
  void OnEvent(const TraceEvent& e) override;
  // The function, its last point at the trace's last event; empty when the
  // trace never says what GOMAXPROCS is (Go's tools then have no MMU
  // either: the Go 1.19-1.21 format reports it only when it changes, which
  // every stop-the-world does).
  std::vector<UtilChange> Finish();

 private:
  // A goroutine, as far as the GC's share of the Ps goes: it takes the P
  // it runs on from the program while in a mark assist, or while it is a
  // background mark worker whose last label is a marking mode.
  struct GcGoroutine {
    bool executing = false;
    int64_t proc = -1;  // the P it runs on, while executing
    bool assisting = false;
    bool marking = false;
    int64_t held = -1;  // the P counted as the GC's on its behalf, or -1
  };
  void OnGomaxprocs(const TraceEvent& e);
  void OnGcWork(const TraceEvent& e);
  void OnTransition(const TraceEvent& e);
  // The goroutine that wrote e: running, on e.proc.
  GcGoroutine& Writer(const TraceEvent& e);
  void Update(uint64_t goid, GcGoroutine& g);
  void Record(int64_t time_ns, double util);

  std::vector<UtilChange> util_;
  std::vector<int> p_gc_;  // per P: goroutines holding it for the GC
  std::unordered_map<uint64_t, GcGoroutine> goroutines_;
  // Those assisting, marking or holding a P: what a change of GOMAXPROCS
  // recounts.
  std::unordered_set<uint64_t> in_gc_;
  int stw_ = 0;  // GC stop-the-world pauses under way
  int64_t last_time_ = 0;
  bool any_event_ = false;
};

// The MMU of `util` for windows of window_ns (a window longer than the
// trace is the whole trace). Exact: the windowed mean is piecewise linear,
// so its minimum lies where an edge of the window meets a change.
double MinimumMutatorUtilization(std::span<const UtilChange> util, int64_t window_ns);

}  // namespace gf
