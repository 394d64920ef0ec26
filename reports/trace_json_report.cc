#include "reports/trace_json_report.h"

#include <cmath>

#include "forensics/group_signature.h"
#include "reports/json_writer.h"
#include "reports/leak_report.h"

namespace gf {

namespace {

void Stack(JsonWriter& w, const StackTable& stacks, StackId id) {
  w.BeginArray();
  for (const auto& f : stacks.Frames(id)) {
    w.BeginObject().Field("function", f.func).Field("file", f.file).Field("line", f.line).EndObject();
  }
  w.EndArray();
}

void Pauses(JsonWriter& w, std::string_view key, const PauseStats& p) {
  w.Key(key).BeginObject();
  w.Field("count", p.count).Field("total_ns", p.total_ns).Field("p50_ns", p.p50_ns);
  w.Field("p99_ns", p.p99_ns).Field("max_ns", p.max_ns);
  w.EndObject();
}

// The JSON writer has integers only: growth in goroutines per hour.
int64_t PerHour(double per_sec) { return std::llround(per_sec * 3600); }

void Times(JsonWriter& w, const StateTimes& t, const std::vector<std::string>& reasons) {
  w.Field("running_ns", t.running_ns).Field("runnable_ns", t.runnable_ns);
  w.Key("blocked_ns").BeginObject();
  for (size_t i = 0; i < t.blocked_ns.size(); ++i) {
    if (t.blocked_ns[i] > 0) w.Field(reasons[i], t.blocked_ns[i]);
  }
  w.EndObject();
}

void Sites(JsonWriter& w, const TraceReader& trace, const TraceSummary& s) {
  w.Key("creation_sites").BeginArray();
  for (const auto& c : s.sites) {
    w.BeginObject();
    w.Key("created_by");
    Stack(w, trace.stacks(), c.stack);
    w.Field("created", c.created).Field("ended", c.ended).Field("alive_at_start", c.alive_at_start);
    w.Field("alive_at_end", c.alive_at_end).Field("growth_per_hour", PerHour(c.growth_per_sec));
    Times(w, c.times, s.reasons);
    w.EndObject();
  }
  w.EndArray();
}

void MostBlocked(JsonWriter& w, const TraceReader& trace, const TraceSummary& s) {
  w.Key("most_blocked").BeginArray();
  for (const auto& g : s.most_blocked) {
    w.BeginObject().Field("goid", g.goid);
    w.Key("created_by");
    Stack(w, trace.stacks(), g.creation);
    w.Key("created_ns");
    g.created_ns < 0 ? w.Null() : w.Int(g.created_ns);
    w.Key("ended_ns");
    g.ended_ns < 0 ? w.Null() : w.Int(g.ended_ns);
    Times(w, g.times, s.reasons);
    w.EndObject();
  }
  w.EndArray();
}

void Leaks(JsonWriter& w, const TraceReader& trace, const TraceSummary& s) {
  w.Key("leaks").BeginArray();
  for (const auto& l : s.leaks) {
    w.BeginObject().Field("signature", SignatureHex(l.signature)).Field("pattern", std::string_view(l.pattern->name));
    w.Field("status", l.status).Field("reason", l.reason).Field("count", l.count);
    w.Field("min_blocked_ns", l.min_blocked_ns).Field("max_blocked_ns", l.max_blocked_ns);
    w.Field("growth_per_hour", PerHour(l.growth_per_sec));
    WriteSiteJson(w, "blocking_site", l.blocking_site);
    if (l.creation_site) WriteSiteJson(w, "creation_site", *l.creation_site);
    else w.Key("creation_site").Null();
    w.Field("hint", std::string_view(l.pattern->hint));
    w.Key("blocked_at");
    Stack(w, trace.stacks(), l.block);
    w.Key("created_by");
    Stack(w, trace.stacks(), l.creation);
    w.Key("goroutine_ids").BeginArray();
    for (uint64_t id : l.goids) w.Uint(id);
    w.EndArray().EndObject();
  }
  w.EndArray();
}

void Mmu(JsonWriter& w, const TraceSummary& s) {
  w.Key("mmu").BeginArray();
  for (const auto& p : s.mmu) w.BeginObject().Field("window_ns", p.window_ns).Field("mmu", p.mmu).EndObject();
  w.EndArray();
}

void Values(JsonWriter& w, std::string_view key, const TimelineValues& v) {
  w.Key(key).BeginObject().Field("goroutines", v.goroutines).Field("heap_in_use", v.heap_in_use);
  w.Field("heap_goal", v.heap_goal).EndObject();
}

void Intervals(JsonWriter& w, std::string_view key, const std::vector<PauseInterval>& pauses) {
  w.Key(key).BeginArray();
  for (const auto& p : pauses) w.BeginArray().Int(p.begin_ns).Int(p.end_ns).EndArray();
  w.EndArray();
}

void TimelineJson(JsonWriter& w, const Timeline& t) {
  w.Key("timeline").BeginObject();
  w.Key("buckets").BeginArray();
  for (const auto& b : t.buckets) {
    w.BeginObject().Field("begin_ns", b.begin_ns).Field("end_ns", b.end_ns);
    Values(w, "min", b.min);
    Values(w, "max", b.max);
    w.EndObject();
  }
  w.EndArray();
  Values(w, "at_end", t.at_end);
  Intervals(w, "stop_the_world", t.stw);
  Intervals(w, "gc", t.gc);
  w.Field("stop_the_world_left_out", t.stw_left_out).Field("gc_left_out", t.gc_left_out);
  w.EndObject();
}

}  // namespace

void WriteTraceSummaryJson(std::ostream& out, const TraceReader& trace, const TraceSummary& s) {
  JsonWriter w(out);
  w.BeginObject();
  w.Field("schema", std::string_view("goforensics.trace/v1"));
  WriteTraceSummaryMembers(w, trace, s);
  w.EndObject();
  out << "\n";
}

void WriteTraceSummaryMembers(JsonWriter& w, const TraceReader& trace, const TraceSummary& s) {
  w.Field("trace", trace.path()).Field("format_version", "go1." + std::to_string(trace.version().minor));
  w.Field("size_bytes", trace.size()).Field("events", s.events);
  w.Field("start_ns", s.start_ns).Field("end_ns", s.end_ns).Field("duration_ns", s.end_ns - s.start_ns);
  w.Key("goroutines").BeginObject();
  w.Field("created", s.created).Field("ended", s.ended).Field("alive_at_start", s.alive_at_start);
  w.Field("alive_at_end", s.alive_at_end).EndObject();
  w.Key("pauses").BeginObject();
  Pauses(w, "stop_the_world", s.stw);
  Pauses(w, "gc", s.gc);
  w.EndObject();
  Mmu(w, s);
  TimelineJson(w, s.timeline);
  Leaks(w, trace, s);
  Sites(w, trace, s);
  MostBlocked(w, trace, s);
}

}  // namespace gf
