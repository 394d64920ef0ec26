#include "reports/report_json.h"

#include "reports/dump_info_json.h"
#include "reports/goroutine_json_report.h"
#include "reports/heap_json_report.h"
#include "reports/json_writer.h"
#include "reports/leak_report.h"
#include "reports/report_verdict.h"
#include "reports/retained_report.h"
#include "reports/trace_json_report.h"

namespace gf {
namespace {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kOk: return "ok";
    case Severity::kSuspects: return "suspects";
    case Severity::kProvenLeaks: return "proven_leaks";
  }
  return "ok";
}

void WriteVerdict(JsonWriter& w, const ReportData& d) {
  Verdict v = VerdictOf(d);
  const LeakAnalysis& a = d.leaks;
  w.Key("verdict").BeginObject();
  w.Field("severity", std::string_view(SeverityName(v.severity)));
  w.Field("leaks", v.leaks).Field("suspects", v.suspects).Field("heap", v.heap);
  w.Field("goroutines", static_cast<uint64_t>(a.goroutines.goroutines.size()));
  w.Field("proven_leaked", d.proven_leaked()).Field("proven_groups", static_cast<uint64_t>(d.proven_groups()));
  w.Field("deadlock", a.proof && a.proof->deadlock).Field("proof_available", a.proof != nullptr);
  w.Key("proof_unavailable");
  a.proof ? w.Null() : w.String(a.heap_unavailable);
  w.EndObject();
}

void WriteNotShown(JsonWriter& w, const NotShown& n, std::string_view rows, std::string_view count) {
  w.Key("not_shown").BeginObject().Field(rows, n.rows).Field(count, n.count);
  if (count == "objects") w.Field("bytes", n.bytes);
  w.EndObject();
}

void WriteGoroutines(JsonWriter& w, const ReportData& d) {
  w.Key("goroutines").BeginObject();
  w.Field("count", static_cast<uint64_t>(d.leaks.goroutines.goroutines.size())).Field("dead", d.leaks.goroutines.dead);
  w.Key("by_state").BeginArray();
  for (const auto& s : d.states) w.BeginObject().Field("status", s.status).Field("count", s.count).EndObject();
  w.EndArray();
  w.Field("groups_total", static_cast<uint64_t>(d.groups.size()));
  w.Key("groups").BeginArray();
  for (const auto& group : d.shown_groups()) {
    w.BeginObject();
    WriteGoroutineGroupMembers(w, group, d.frames);
    if (auto site = BlockingSiteOf(group.representative(), d.goroot)) WriteSiteJson(w, "blocking_site", *site);
    else w.Key("blocking_site").Null();
    w.EndObject();
  }
  w.EndArray();
  WriteNotShown(w, d.groups_not_shown(), "groups", "goroutines");
  w.EndObject();
}

void WriteSuspects(JsonWriter& w, const ReportData& d) {
  w.Field("suspects_total", static_cast<uint64_t>(d.leaks.suspects.size()));
  w.Key("suspects").BeginArray();
  for (const auto& s : d.shown_suspects()) WriteSuspectJson(w, s, d.leaks.goroutines);
  w.EndArray();
}

void WriteHeap(JsonWriter& w, const ReportData& d) {
  w.Key("heap");
  if (!d.leaks.heap) {
    w.Null();
    w.Field("heap_unavailable", d.leaks.heap_unavailable);
    return;
  }
  w.BeginObject();
  WriteHeapTotalsJson(w, *d.leaks.heap);
  w.Field("types_total", static_cast<uint64_t>(d.histogram.size()));
  WriteHeapTypesJson(w, d.shown_types());
  WriteNotShown(w, d.types_not_shown(), "types", "objects");
  w.EndObject();
  w.Key("heap_unavailable").Null();
}

void WriteRetained(JsonWriter& w, const ReportData& d) {
  w.Key("retained");
  if (!d.retained) {
    w.Null();
    return;
  }
  const RetainedHeap& r = *d.retained;
  w.BeginObject();
  w.Field("heap_objects", r.heap_objects).Field("heap_bytes", r.heap_bytes);
  w.Field("reachable_objects", r.reachable_objects).Field("reachable_bytes", r.reachable_bytes);
  w.Field("shared_objects", r.shared_objects).Field("shared_bytes", r.shared_bytes);
  w.Field("roots", static_cast<uint64_t>(r.roots.size()));
  w.Key("flame").BeginArray();
  for (const auto& b : d.retained_flame) {
    w.BeginObject().Field("label", b.label).Field("depth", static_cast<uint64_t>(b.depth));
    w.Field("offset", b.offset).Field("bytes", b.bytes).Field("objects", b.objects).EndObject();
  }
  w.EndArray();
  w.Key("paths").BeginArray();
  for (const auto& p : r.paths) {
    const GcRoot& root = r.roots.roots[p.root];
    w.BeginObject().Field("kind", std::string_view(GcRootKindName(root.kind))).Field("root", root.name);
    w.Field("retained_bytes", p.retained_bytes).Field("path", RetainerPathLabel(d.leaks.heap->heap, r, p));
    w.EndObject();
  }
  w.EndArray().EndObject();
}

void WriteGrowth(JsonWriter& w, const ReportData& d) {
  w.Key("growth");
  if (!d.growth) {
    w.Null();
    return;
  }
  const GoroutineDiff& diff = d.growth->diff;
  w.BeginObject();
  w.Key("baseline").BeginObject().Field("path", d.growth->old_input.path);
  w.Field("form", d.growth->old_input.sites.form).Field("goroutines", diff.old_total).EndObject();
  w.Field("goroutines", diff.new_total);
  w.Key("matched_by").BeginObject().Field("status", diff.compared_status);
  w.Field("creation_site", diff.compared_creation_site).EndObject();
  w.Field("unchanged_groups", static_cast<uint64_t>(diff.unchanged_groups));
  w.Field("changes_total", static_cast<uint64_t>(diff.changes.size()));
  w.Key("changes").BeginArray();
  for (const auto& c : d.shown_changes()) WriteChangeJson(w, c);
  w.EndArray();
  NotShown rest = d.changes_not_shown();
  w.Key("not_shown").BeginObject().Field("changes", rest.rows).Field("goroutines", rest.count).EndObject();
  w.EndObject();
}

void WriteTrace(JsonWriter& w, const ReportData& d) {
  w.Key("trace");
  if (!d.trace) {
    w.Null();
    return;
  }
  w.BeginObject();
  WriteTraceSummaryMembers(w, d.trace->reader, d.trace->summary);
  w.Key("time_by_state").BeginObject();
  w.Field("running_ns", d.trace_times.running_ns).Field("runnable_ns", d.trace_times.runnable_ns);
  w.Key("blocked_ns").BeginObject();
  for (size_t i = 0; i < d.trace_times.blocked_ns.size(); ++i)
    if (d.trace_times.blocked_ns[i] > 0) w.Field(d.trace->summary.reasons[i], d.trace_times.blocked_ns[i]);
  w.EndObject().EndObject().EndObject();
}

}  // namespace

void WriteReportJson(std::ostream& out, const ReportData& d) {
  JsonWriter w(out);
  w.BeginObject();
  WriteDumpInfoJson(w, "goforensics.report/v1", d.info, d.leaks.goroutines.warnings);
  WriteVerdict(w, d);
  WriteGoroutines(w, d);
  WriteSuspects(w, d);
  WriteGrowth(w, d);
  WriteHeap(w, d);
  WriteRetained(w, d);
  WriteTrace(w, d);
  w.EndObject();
  out << "\n";
}

}  // namespace gf
