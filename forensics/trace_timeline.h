#pragma once
// The trace's health on one time axis, for a chart: goroutines alive, heap
// in use and heap goal, and the GC and stop-the-world pauses. Any trace
// fits in a bounded size: the values fall into at most kMaxBuckets time
// buckets, each keeping the lowest and highest of every value, so no spike
// is lost; of the pauses the longest kMaxPauses of each kind are kept.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gf {

struct TimelineValues {
  uint64_t goroutines = 0, heap_in_use = 0, heap_goal = 0;
};

struct TimelineBucket {
  int64_t begin_ns = 0, end_ns = 0;  // first and last sample in it
  TimelineValues min, max;
};

struct PauseInterval {
  int64_t begin_ns = 0, end_ns = 0;
};

struct Timeline {
  static constexpr size_t kMaxBuckets = 2000;
  static constexpr size_t kMaxPauses = 2000;
  std::vector<TimelineBucket> buckets;  // in time order
  std::vector<PauseInterval> stw, gc;   // in time order
  uint64_t stw_left_out = 0, gc_left_out = 0;  // shorter pauses not kept
  TimelineValues at_end;
};

// Fed the values whenever one changes, in time order; memory stays bounded.
class TimelineBuilder {
 public:
  void Sample(int64_t time_ns, const TimelineValues& v);
  void AddPause(bool stw, PauseInterval p);
  Timeline Finish();

 private:
  void Coarsen();
  void KeepLongest(std::vector<PauseInterval>& pauses, uint64_t& left_out, size_t limit);

  Timeline t_;
  int64_t origin_ = 0;
  int64_t width_ = 1000;  // ns per bucket; doubles as the trace grows
};

}  // namespace gf
