#include "reports/report_verdict.h"

#include "reports/byte_size.h"

namespace gf {
namespace {

constexpr size_t kNamedSuspects = 3;

std::string Plural(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string LeaksSentence(const ReportData& d) {
  const LeakAnalysis& a = d.leaks;
  uint64_t total = a.goroutines.goroutines.size();
  if (!a.proof) return "No leak could be proven: " + a.heap_unavailable + ".";
  std::string s;
  if (a.proof->deadlock) s = "The whole program is deadlocked: every goroutine is blocked for good. ";
  uint64_t proven = d.proven_leaked();
  if (proven == 0) return s + "No goroutine of " + std::to_string(total) + " is provably leaked.";
  return s + Plural(proven, "goroutine", "goroutines") + " of " + std::to_string(total) + " " +
         (proven == 1 ? "is" : "are") + " provably leaked, in " + Plural(d.proven_groups(), "group", "groups") +
         ": what they wait on is reachable from nothing that can still run.";
}

std::string SuspectsSentence(const ReportData& d) {
  const auto& suspects = d.leaks.suspects;
  if (suspects.empty())
    return "No leak suspects: every goroutine is running, the runtime's, or a shape that is not a leak.";
  std::string s = "Top suspects: ";
  for (size_t i = 0; i < suspects.size() && i < kNamedSuspects; ++i) {
    const auto& x = suspects[i];
    if (i > 0) s += "; ";
    s += "#" + std::to_string(i + 1) + " " + std::to_string(x.goroutines.size()) + " × " + x.pattern->name + " in " +
         x.blocking_site.function + " (" + ShortLocation(x.blocking_site) + ")";
  }
  if (suspects.size() > kNamedSuspects)
    s += "; and " + Plural(suspects.size() - kNamedSuspects, "more group", "more groups");
  return s + ".";
}

std::string HeapSentence(const ReportData& d) {
  const LeakAnalysis& a = d.leaks;
  if (!a.heap) return "The heap could not be read: " + a.heap_unavailable + ".";
  std::string in_use = HumanBytes(a.heap->totals.alloc_bytes) + " in " + std::to_string(a.heap->totals.objects) +
                       " objects";
  std::string kept;
  size_t named = 0;
  for (size_t i = 0; i < a.suspects.size() && named < kNamedSuspects; ++i) {
    if (!a.suspects[i].retained_bytes) continue;
    kept += std::string(named++ ? ", " : "") + HumanBytes(*a.suspects[i].retained_bytes) + " by #" +
            std::to_string(i + 1);
  }
  if (kept.empty()) return "No heap is charged to leaked goroutines (none proven); the heap holds " + in_use + ".";
  return "Heap kept alive only by leaked goroutines: " + kept + " (the heap holds " + in_use + ").";
}

}  // namespace

std::string ShortLocation(const SourceSite& s) {
  return s.file.substr(s.file.rfind('/') + 1) + ":" + std::to_string(s.line);
}

Verdict VerdictOf(const ReportData& d) {
  Verdict v;
  if (d.proven_leaked() > 0) v.severity = Severity::kProvenLeaks;
  else if (!d.leaks.suspects.empty()) v.severity = Severity::kSuspects;
  v.leaks = LeaksSentence(d);
  v.suspects = SuspectsSentence(d);
  v.heap = HeapSentence(d);
  return v;
}

}  // namespace gf
