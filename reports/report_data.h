#pragma once
// What `goforensics report` shows, gathered from the analyses before any
// rendering: the HTML, JSON and text renderings read this and compute
// nothing of their own, so the three always agree. A new view (retained
// heap, growth between two dumps) adds its analysis result here and one
// section per rendering.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "forensics/goroutine_groups.h"
#include "forensics/heap_histogram.h"
#include "forensics/leak_analysis.h"
#include "forensics/retained_heap.h"
#include "forensics/trace_summary.h"
#include "gruntime/traceback_filter.h"
#include "readers/trace/trace_reader.h"
#include "reports/diff_report.h"
#include "reports/dump_info.h"
#include "reports/retained_flame.h"

namespace gf {

// A report must open quickly for 100k goroutines and 10M objects: tables
// show the largest groups and types; the rest is summed in one line.
inline constexpr size_t kReportGroupRows = 1000;
inline constexpr size_t kReportTypeRows = 100;
inline constexpr size_t kReportSuspects = 200;
inline constexpr size_t kReportGrowthRows = 1000;
// Flame graph boxes below 0.2% of the reachable heap are too narrow to read.
inline constexpr double kReportFlameMinShare = 0.002;

struct TraceInput {
  const TraceReader& reader;
  const TraceSummary& summary;
};

// What a report shows besides the core: each optional.
struct ReportInputs {
  const TraceInput* trace = nullptr;
  const RetainedHeap* retained = nullptr;  // of the core's heap
  const DiffReport* growth = nullptr;      // an earlier snapshot (the baseline) -> the core
};

struct StateCount {
  std::string_view status;
  uint64_t count = 0;
};

// What the rows past a table's limit add up to.
struct NotShown {
  uint64_t rows = 0, count = 0, bytes = 0;
};

struct ReportData {
  DumpInfo info;
  const LeakAnalysis& leaks;
  const TracebackFilter& frames;
  std::string_view goroot;                  // for blocking sites
  std::vector<GoroutineGroup> groups;       // all of them, largest first
  std::vector<StateCount> states;           // goroutines by status, most first
  std::vector<HeapHistogramRow> histogram;  // empty without a heap
  const TraceInput* trace = nullptr;
  StateTimes trace_times;                   // every goroutine's time in the trace, by state
  const RetainedHeap* retained = nullptr;
  std::vector<FlameBox> retained_flame;     // empty without retained
  const DiffReport* growth = nullptr;

  std::span<const GoroutineGroup> shown_groups() const;
  std::span<const HeapHistogramRow> shown_types() const;
  std::span<const LeakSuspect> shown_suspects() const;
  NotShown groups_not_shown() const;  // count: goroutines
  NotShown types_not_shown() const;   // count: objects
  std::span<const GroupChange> shown_changes() const;  // empty without growth
  NotShown changes_not_shown() const;                  // count: goroutines gained or lost
  uint64_t proven_leaked() const;  // goroutines, over all suspects
  size_t proven_groups() const;    // suspects with proven leaked goroutines
};

ReportData MakeReportData(DumpInfo info, const LeakAnalysis& leaks, const TracebackFilter& frames,
                          const ReportInputs& inputs);

}  // namespace gf
