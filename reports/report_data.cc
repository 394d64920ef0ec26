#include "reports/report_data.h"

#include <algorithm>
#include <map>

namespace gf {
namespace {

std::vector<StateCount> CountStates(const std::vector<GoroutineGroup>& groups) {
  std::map<std::string_view, uint64_t> by_status;
  for (const auto& g : groups) by_status[g.representative().status] += g.members.size();
  std::vector<StateCount> out;
  for (auto [status, count] : by_status) out.push_back({status, count});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  return out;
}

}  // namespace

std::span<const GoroutineGroup> ReportData::shown_groups() const {
  return std::span(groups).first(std::min(groups.size(), kReportGroupRows));
}

std::span<const HeapHistogramRow> ReportData::shown_types() const {
  return std::span(histogram).first(std::min(histogram.size(), kReportTypeRows));
}

std::span<const LeakSuspect> ReportData::shown_suspects() const {
  return std::span(leaks.suspects).first(std::min(leaks.suspects.size(), kReportSuspects));
}

NotShown ReportData::groups_not_shown() const {
  NotShown n;
  for (const auto& g : std::span(groups).subspan(shown_groups().size())) {
    ++n.rows;
    n.count += g.members.size();
  }
  return n;
}

NotShown ReportData::types_not_shown() const {
  NotShown n;
  for (const auto& t : std::span(histogram).subspan(shown_types().size())) {
    ++n.rows;
    n.count += t.count;
    n.bytes += t.bytes;
  }
  return n;
}

std::span<const GroupChange> ReportData::shown_changes() const {
  if (!growth) return {};
  const auto& all = growth->diff.changes;
  return std::span(all).first(std::min(all.size(), kReportGrowthRows));
}

NotShown ReportData::changes_not_shown() const {
  NotShown n;
  if (!growth) return n;
  for (const auto& c : std::span(growth->diff.changes).subspan(shown_changes().size())) {
    ++n.rows;
    n.count += static_cast<uint64_t>(c.growth() < 0 ? -c.growth() : c.growth());
  }
  return n;
}

uint64_t ReportData::proven_leaked() const {
  uint64_t n = 0;
  for (const auto& s : leaks.suspects) n += s.proven;
  return n;
}

size_t ReportData::proven_groups() const {
  return std::count_if(leaks.suspects.begin(), leaks.suspects.end(), [](const auto& s) { return s.proven > 0; });
}

ReportData MakeReportData(DumpInfo info, const LeakAnalysis& leaks, const TracebackFilter& frames,
                          const ReportInputs& inputs) {
  const TraceInput* trace = inputs.trace;
  ReportData d{std::move(info), leaks, frames, SnapshotGoroot(leaks.goroutines), {}, {}, {}, trace, {}, {}, {}, {}};
  d.groups = GroupGoroutines(leaks.goroutines.goroutines);
  d.states = CountStates(d.groups);
  if (leaks.heap) d.histogram = HeapHistogram(leaks.heap->heap);
  if (trace)
    for (const auto& site : trace->summary.sites) d.trace_times.Add(site.times);
  if (inputs.retained && leaks.heap) {
    d.retained = inputs.retained;
    d.retained_flame = RetainedFlame(*inputs.retained, kReportFlameMinShare);
  }
  d.growth = inputs.growth;
  return d;
}

}  // namespace gf
