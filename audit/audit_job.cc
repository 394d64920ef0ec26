#include "audit/audit_job.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "forensics/leak_analysis.h"
#include "forensics/trace_summary.h"
#include "gruntime/target.h"
#include "readers/elf_core.h"
#include "forensics/goroutine_diff.h"
#include "forensics/group_signature.h"
#include "readers/goroutine_profile.h"
#include "readers/read_error.h"
#include "readers/trace/trace_reader.h"
#include "reports/json_writer.h"

namespace gf {
namespace {

constexpr size_t kMaxSuspects = 20;
constexpr size_t kMaxWarnings = 20;

const char* CompressionName(Compression c) {
  switch (c) {
    case Compression::kGzip: return "gzip";
    case Compression::kZstd: return "zstd";
    case Compression::kNone: return "none";
  }
  return "none";
}

void WriteInputFields(JsonWriter& w, const AuditInput& in) {
  w.Field("schema", "goforensics.audit/v1")
      .Field("path", in.path)
      .Field("key", in.key)
      .Field("kind", InputKindName(in.identity.kind))
      .Field("compression", CompressionName(in.identity.compression))
      .Field("size", in.size)
      .Field("modified_ns", in.modified_ns);
}

void WriteCounts(JsonWriter& w, std::string_view key, const std::map<std::string, uint64_t>& counts) {
  w.Key(key).BeginObject();
  for (const auto& [name, n] : counts) w.Field(name, n);
  w.EndObject();
}

std::string Site(const SourceSite& s) { return s.function + " " + s.file + ":" + std::to_string(s.line); }

void WriteSuspects(JsonWriter& w, const std::vector<LeakSuspect>& suspects) {
  uint64_t proven = 0;
  for (const auto& s : suspects) proven += s.proven;
  w.Field("proven_leaked", proven).Field("suspect_groups", suspects.size());
  w.Key("suspects").BeginArray();
  for (size_t i = 0; i < suspects.size() && i < kMaxSuspects; i++) {
    const LeakSuspect& s = suspects[i];
    w.BeginObject()
        .Field("signature", s.SignatureHex())
        .Field("class", s.pattern->name)
        .Field("status", s.status)
        .Field("count", s.goroutines.size())
        .Field("proven", s.proven)
        .Field("tier", s.tier)
        .Field("blocking", Site(s.blocking_site))
        .Field("created_by", s.creation_site ? Site(*s.creation_site) : std::string());
    if (s.retained_bytes) w.Field("retained_bytes", *s.retained_bytes);
    w.EndObject();
  }
  w.EndArray();
}

void AuditCore(const AuditInput& in, const ExecutableIndex& exes, JsonWriter& w) {
  auto core = std::make_unique<ElfCore>(in.path);
  std::string exe = exes.ExecutableFor(*core);
  auto target = Target::Open(std::move(core), exe);
  auto a = AnalyzeLeaks(*target, LeakOptions{});
  w.Field("status", "ok")
      .Field("executable", exe)
      .Field("go_version", target->go_version())
      .Field("build_id", target->build_id())
      .Field("dump_time_ns", target->core().written_unix_ns());
  std::map<std::string, uint64_t> by_state;
  for (const auto& g : a->goroutines.goroutines) by_state[g.status]++;
  w.Field("goroutines", a->goroutines.goroutines.size());
  WriteCounts(w, "goroutines_by_state", by_state);
  WriteSuspects(w, a->suspects);
  if (a->heap) {
    const HeapTotals& t = a->heap->totals;
    w.Key("heap").BeginObject()
        .Field("in_use_bytes", t.in_use_bytes)
        .Field("alloc_bytes", t.alloc_bytes)
        .Field("objects", t.objects)
        .Field("stack_bytes", t.stack_bytes)
        .EndObject();
  } else {
    w.Field("heap_unavailable", a->heap_unavailable);
  }
  // A truncated core still gives goroutines; what it could not give is said here.
  w.Key("warnings").BeginArray();
  size_t shown = 0;
  using Warnings = const std::vector<std::string>*;
  for (Warnings list : std::initializer_list<Warnings>{&target->warnings(), &a->goroutines.warnings})
    for (const auto& warning : *list)
      if (shown++ < kMaxWarnings) w.String(warning);
  w.EndArray();
}

void AuditTrace(const AuditInput& in, JsonWriter& w) {
  TraceReader reader(in.path);
  TraceSummary s = SummarizeTrace(reader);
  w.Field("status", "ok")
      .Field("go_version", "go1." + std::to_string(reader.version().minor))
      .Field("dump_time_ns", in.modified_ns)
      .Field("duration_ns", s.end_ns - s.start_ns)
      .Field("goroutines", s.alive_at_end)
      .Field("goroutines_created", s.created)
      .Field("goroutines_ended", s.ended);
  w.Key("gc_pauses").BeginObject()
      .Field("count", s.gc.count).Field("total_ns", s.gc.total_ns).Field("p99_ns", s.gc.p99_ns).Field("max_ns", s.gc.max_ns)
      .EndObject();
  uint64_t blocked = 0;
  for (const auto& g : s.leaks) blocked += g.count;
  w.Field("blocked_at_end", blocked).Field("blocked_groups", s.leaks.size());
}

// Profiles (proto, debug=1, debug=2) fold into the groups `diff` uses, with
// the signature `leaks` gives the same group in a core. Only debug=2 has
// statuses, so only its groups can be classified as leak suspects; the
// others list their largest groups.
void AuditGoroutineProfile(const AuditInput& in, JsonWriter& w) {
  GoroutineSites sites = SitesOfProfile(ReadGoroutineProfile(in.path));
  w.Field("status", "ok").Field("form", sites.form).Field("dump_time_ns", in.modified_ns).Field("goroutines", sites.total);
  std::sort(sites.groups.begin(), sites.groups.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  if (sites.has_status) {
    std::map<std::string, uint64_t> by_state;
    for (const auto& g : sites.groups) by_state[g.status] += g.count;
    WriteCounts(w, "goroutines_by_state", by_state);
  }
  w.Key(sites.has_status ? "suspects" : "groups").BeginArray();
  size_t shown = 0;
  for (const auto& g : sites.groups) {
    std::vector<StackLine> lines;
    for (const auto& f : g.stack) lines.push_back({f.function, f.file, f.line});
    const PatternInfo& pattern =
        Classify(g.status, lines, g.creation_site ? std::string_view(g.creation_site->function) : std::string_view());
    if (sites.has_status && !pattern.may_leak) continue;
    if (shown++ == kMaxSuspects) break;
    w.BeginObject()
        .Field("signature", SignatureHex(GroupSignature(g.status, g.blocking_site, g.creation_site)))
        .Field("count", g.count)
        .Field("blocking", Site(g.blocking_site))
        .Field("created_by", g.creation_site ? Site(*g.creation_site) : std::string());
    if (sites.has_status) w.Field("class", pattern.name).Field("status", g.status);
    w.EndObject();
  }
  w.EndArray();
}

void AuditByKind(const AuditInput& in, const ExecutableIndex& exes, JsonWriter& w) {
  if (!in.identify_error.empty()) throw ReadError(in.path, in.identify_error);
  switch (in.identity.kind) {
    case InputKind::kCore: return AuditCore(in, exes, w);
    case InputKind::kTrace: return AuditTrace(in, w);
    case InputKind::kGoroutineText:
    case InputKind::kPprof: return AuditGoroutineProfile(in, w);
    case InputKind::kExecutable: w.Field("status", "ok"); return;  // used to pair cores
    case InputKind::kOtherElf: throw ReadError(in.path, "an ELF file that is neither a core nor a Go executable");
    case InputKind::kUnknown: throw ReadError(in.path, "not a core, Go executable, execution trace or goroutine profile");
  }
}

uint64_t PeakRssKb() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss);
}

}  // namespace

void AuditOne(const AuditInput& input, const ExecutableIndex& executables, std::ostream& out) {
  auto start = std::chrono::steady_clock::now();
  // The result is built aside so a failure halfway leaves no partial fields.
  std::ostringstream body;
  JsonWriter w(body);
  w.BeginObject();
  WriteInputFields(w, input);
  try {
    AuditByKind(input, executables, w);
    w.Field("elapsed_ms", std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count())
        .Field("peak_rss_kb", PeakRssKb())
        .EndObject();
    out << body.str() << "\n";
  } catch (const ReadError& e) {
    WriteFailedAudit(input, e.problem(), out);
  } catch (const MemoryFault& e) {
    WriteFailedAudit(input, e.what(), out);
  } catch (const std::exception& e) {
    WriteFailedAudit(input, std::string("internal error: ") + e.what(), out);
  }
}

void WriteFailedAudit(const AuditInput& input, const std::string& reason, std::ostream& out) {
  JsonWriter w(out);
  w.BeginObject();
  WriteInputFields(w, input);
  w.Field("status", "failed").Field("reason", reason).EndObject();
  out << "\n";
}

}  // namespace gf
