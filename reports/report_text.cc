#include "reports/report_text.h"

#include "reports/byte_size.h"
#include "reports/human_duration.h"
#include "reports/report_verdict.h"
#include "reports/retained_report.h"

namespace gf {
namespace {

constexpr size_t kRows = 10;

std::string Site(const std::optional<SourceSite>& s) {
  return s ? s->function + " (" + ShortLocation(*s) + ")" : "-";
}

void WriteGoroutines(std::ostream& out, const ReportData& d) {
  out << "\ngoroutines by state:";
  for (const auto& s : d.states) out << "  " << s.status << " " << s.count;
  out << "\nlargest of " << d.groups.size() << " groups (count, state, blocking site, created by):\n";
  for (const auto& g : d.shown_groups().first(std::min(kRows, d.shown_groups().size()))) {
    const Goroutine& r = g.representative();
    out << "  " << g.members.size() << "  [" << r.status << "]  " << Site(BlockingSiteOf(r, d.goroot)) << "  <- "
        << Site(CreationSiteOf(r)) << "\n";
  }
}

void WriteSuspects(std::ostream& out, const ReportData& d) {
  const auto& all = d.leaks.suspects;
  out << "\nsuspects (" << all.size() << "):\n";
  for (size_t i = 0; i < all.size() && i < kRows; ++i) {
    const auto& s = all[i];
    out << "  #" << i + 1 << " " << s.goroutines.size() << " x " << s.pattern->name << " [" << s.status << "] "
        << Site(s.blocking_site) << (s.proven ? ", proven leaked: " + std::to_string(s.proven) : "")
        << (s.retained_bytes ? ", keeps " + HumanBytes(*s.retained_bytes) + " alive" : "") << "\n";
  }
}

void WriteHeap(std::ostream& out, const ReportData& d) {
  if (!d.leaks.heap) return;
  const HeapTotals& t = d.leaks.heap->totals;
  out << "\nheap: " << HumanBytes(t.alloc_bytes) << " in " << t.objects << " objects, " << HumanBytes(t.in_use_bytes)
      << " in use, stacks " << HumanBytes(t.stack_bytes) << "; largest types:\n";
  for (const auto& row : d.shown_types().first(std::min(kRows, d.shown_types().size())))
    out << "  " << HumanBytes(row.bytes) << "  " << row.count << "  " << HeapTypeLabel(*row.type) << "\n";
}

void WriteRetained(std::ostream& out, const ReportData& d) {
  if (!d.retained) return;
  const RetainedHeap& r = *d.retained;
  out << "\nretained: " << HumanBytes(r.reachable_bytes) << " reachable from " << r.roots.size() << " roots, "
      << HumanBytes(r.shared_bytes) << " of it shared by several; top retainer paths:\n";
  for (const auto& p : r.paths)
    out << "  " << HumanBytes(p.retained_bytes) << "  " << RetainerPathLabel(d.leaks.heap->heap, r, p) << "\n";
}

void WriteGrowth(std::ostream& out, const ReportData& d) {
  if (!d.growth) return;
  const GoroutineDiff& diff = d.growth->diff;
  out << "\ngrowth since " << d.growth->old_input.path << ": goroutines " << diff.old_total << " -> "
      << diff.new_total << ", " << diff.changes.size() << " groups changed (matched by " << MatchedBy(diff)
      << "):\n";
  for (const auto& c : d.shown_changes().first(std::min(kRows, d.shown_changes().size())))
    out << "  " << (c.growth() > 0 ? "+" : "") << c.growth() << "  " << c.old_count << " -> " << c.new_count << "  "
        << ChangeName(c.change) << "  " << (c.status.empty() ? "" : "[" + c.status + "] ") << Site(c.blocking_site)
        << "\n";
}

void WriteTrace(std::ostream& out, const ReportData& d) {
  if (!d.trace) return;
  const TraceSummary& t = d.trace->summary;
  uint64_t never_woken = 0;
  for (const auto& l : t.leaks) never_woken += l.count;
  out << "\ntrace " << d.trace->reader.path() << ": " << HumanDuration(t.end_ns - t.start_ns) << ", goroutines "
      << t.alive_at_start << " -> " << t.alive_at_end << " (" << never_woken << " blocked at the end, never woken); "
      << "STW pauses " << t.stw.count << " (max " << HumanDuration(t.stw.max_ns) << "), GC cycles " << t.gc.count
      << "\n";
}

}  // namespace

void WriteReportText(std::ostream& out, const ReportData& d) {
  out << "# core " << d.info.core << "\n# executable " << d.info.executable << " (" << d.info.go_version << ")\n";
  for (const auto& w : d.info.warnings) out << "# warning: " << w << "\n";
  Verdict v = VerdictOf(d);
  out << "\n" << v.leaks << "\n" << v.suspects << "\n" << v.heap << "\n";
  WriteGoroutines(out, d);
  WriteSuspects(out, d);
  WriteGrowth(out, d);
  WriteHeap(out, d);
  WriteRetained(out, d);
  WriteTrace(out, d);
}

}  // namespace gf
