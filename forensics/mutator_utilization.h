#pragma once
// Minimum mutator utilization (MMU) of a Go execution trace, as Go's own
// trace tools define it (`go tool trace`'s MMU view with its default
// choices: stop-the-world pauses, background mark workers and mark assists;
// all Ps as one function).
//
// The mutator utilization at a moment is the share of the Ps that run the
// program rather than the GC: 0 during a GC stop-the-world, and each P
// running a dedicated or fractional mark worker, or a goroutine in a mark
// assist, takes 1/GOMAXPROCS away. The MMU for a window size w is the
// lowest mean utilization over any w-long stretch of the trace: the worst
// slowdown the GC inflicted at that time scale.
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
  // The function, ending with 0 at the trace's last event; empty when the
  // trace never says what GOMAXPROCS is (Go's tools then have no MMU
  // either: the Go 1.19-1.21 format reports it only when it changes, which
  // every stop-the-world does).
  std::vector<UtilChange> Finish();

 private:
  struct ProcsChange {
    int64_t time_ns;
    uint64_t procs;
  };
  void OnGomaxprocs(const TraceEvent& e);
  void OnGcWork(const TraceEvent& e);
  void AssistedSinceStart();
  void AddPGc(int64_t proc, int delta);
  void Record(int64_t time_ns, double util);

  std::vector<UtilChange> util_;
  std::vector<int> p_gc_;               // per P: > 0 while it works for the GC
  std::vector<ProcsChange> procs_;      // GOMAXPROCS over time
  std::unordered_map<uint64_t, GoState> states_;
  std::unordered_set<uint64_t> assisting_, mark_workers_;
  int stw_ = 0;                         // GC stop-the-world pauses under way
  uint64_t syncs_ = 0;
  int64_t last_time_ = 0;
  bool any_event_ = false;
};

// The MMU of `util` for windows of window_ns (a window longer than the
// trace is the whole trace). Exact: the windowed mean is piecewise linear,
// so its minimum lies where an edge of the window meets a change; plus the
// few windows overhanging the end that Go's own computation also tries.
double MinimumMutatorUtilization(std::span<const UtilChange> util, int64_t window_ns);

}  // namespace gf
