#include "forensics/trace_timeline.h"

#include <algorithm>

namespace gf {

namespace {

TimelineValues Min(const TimelineValues& a, const TimelineValues& b) {
  return {std::min(a.goroutines, b.goroutines), std::min(a.heap_in_use, b.heap_in_use),
          std::min(a.heap_goal, b.heap_goal)};
}

TimelineValues Max(const TimelineValues& a, const TimelineValues& b) {
  return {std::max(a.goroutines, b.goroutines), std::max(a.heap_in_use, b.heap_in_use),
          std::max(a.heap_goal, b.heap_goal)};
}

void Merge(TimelineBucket& into, const TimelineBucket& b) {
  into.end_ns = b.end_ns;
  into.min = Min(into.min, b.min);
  into.max = Max(into.max, b.max);
}

}  // namespace

void TimelineBuilder::Sample(int64_t time_ns, const TimelineValues& v) {
  auto& buckets = t_.buckets;
  if (buckets.empty()) origin_ = time_ns;
  t_.at_end = v;
  if (!buckets.empty() && (time_ns - origin_) / width_ == (buckets.back().begin_ns - origin_) / width_) {
    Merge(buckets.back(), {time_ns, time_ns, v, v});
    return;
  }
  buckets.push_back({time_ns, time_ns, v, v});
  if (buckets.size() > 2 * Timeline::kMaxBuckets) Coarsen();
}

// Doubles the bucket width, merging neighbours that now share a bucket.
void TimelineBuilder::Coarsen() {
  width_ *= 2;
  std::vector<TimelineBucket> merged;
  for (const auto& b : t_.buckets) {
    if (!merged.empty() && (b.begin_ns - origin_) / width_ == (merged.back().begin_ns - origin_) / width_) {
      Merge(merged.back(), b);
    } else {
      merged.push_back(b);
    }
  }
  t_.buckets = std::move(merged);
}

void TimelineBuilder::KeepLongest(std::vector<PauseInterval>& pauses, uint64_t& left_out, size_t limit) {
  if (pauses.size() <= limit) return;
  auto longer = [](const PauseInterval& a, const PauseInterval& b) {
    return a.end_ns - a.begin_ns > b.end_ns - b.begin_ns;
  };
  std::nth_element(pauses.begin(), pauses.begin() + limit, pauses.end(), longer);
  left_out += pauses.size() - limit;
  pauses.resize(limit);
  std::sort(pauses.begin(), pauses.end(), [](const auto& a, const auto& b) { return a.begin_ns < b.begin_ns; });
}

void TimelineBuilder::AddPause(bool stw, PauseInterval p) {
  auto& pauses = stw ? t_.stw : t_.gc;
  pauses.push_back(p);
  if (pauses.size() > 2 * Timeline::kMaxPauses)
    KeepLongest(pauses, stw ? t_.stw_left_out : t_.gc_left_out, Timeline::kMaxPauses);
}

Timeline TimelineBuilder::Finish() {
  while (t_.buckets.size() > Timeline::kMaxBuckets) Coarsen();
  KeepLongest(t_.stw, t_.stw_left_out, Timeline::kMaxPauses);
  KeepLongest(t_.gc, t_.gc_left_out, Timeline::kMaxPauses);
  return std::move(t_);
}

}  // namespace gf
