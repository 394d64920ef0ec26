#include "reports/trace_text_report.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "forensics/group_signature.h"
#include "reports/human_duration.h"

namespace gf {

namespace {

constexpr size_t kSitesShown = 15;

std::string Megabytes(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  return buf;
}

std::string Rate(double per_sec) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f/s", per_sec);
  return buf;
}

void Stack(std::ostream& out, const StackTable& stacks, StackId id, const char* indent) {
  auto frames = stacks.Frames(id);
  if (frames.empty()) out << indent << "(unknown: before the trace began)\n";
  for (const auto& f : frames) out << indent << f.func << "\n" << indent << "    " << f.file << ":" << f.line << "\n";
}

// A creation site in one line: "main.main (main.go:95)", the go statement.
std::string Site(const StackTable& stacks, StackId id) {
  auto frames = stacks.Frames(id);
  if (frames.empty()) return "(existed before the trace)";
  const TraceFrame& f = frames.front();
  std::string_view file = f.file.substr(f.file.rfind('/') + 1);
  return std::string(f.func) + " (" + std::string(file) + ":" + std::to_string(f.line) + ")";
}

void Pauses(std::ostream& out, const char* name, const PauseStats& p) {
  out << name << ": " << p.count;
  if (p.count > 0) {
    out << ", total " << HumanDuration(p.total_ns) << ", p50 " << HumanDuration(p.p50_ns) << ", p99 "
        << HumanDuration(p.p99_ns) << ", max " << HumanDuration(p.max_ns);
  }
  out << "\n";
}

void Heap(std::ostream& out, const char* name, const std::vector<HeapSample>& series) {
  if (series.empty()) return;
  auto peak = std::max_element(series.begin(), series.end(), [](auto& a, auto& b) { return a.bytes < b.bytes; });
  out << name << ": first " << Megabytes(series.front().bytes) << ", peak " << Megabytes(peak->bytes) << ", last "
      << Megabytes(series.back().bytes) << "\n";
}

// Blocked time by reason, largest first: "chan receive 1.2s, sleep 30ms".
std::string Blocked(const StateTimes& t, const std::vector<std::string>& reasons) {
  std::vector<std::pair<int64_t, size_t>> by;
  for (size_t i = 0; i < t.blocked_ns.size(); ++i) {
    if (t.blocked_ns[i] > 0) by.push_back({t.blocked_ns[i], i});
  }
  std::sort(by.rbegin(), by.rend());
  std::string s;
  for (const auto& [ns, i] : by) s += (s.empty() ? "" : ", ") + reasons[i] + " " + HumanDuration(ns);
  return s.empty() ? "-" : s;
}

std::string Percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

void Mmu(std::ostream& out, const TraceSummary& s) {
  out << "minimum mutator utilization (STW, mark workers, assists):";
  if (s.mmu.empty()) out << " none (the trace never states GOMAXPROCS)";
  for (size_t i = 0; i < s.mmu.size(); ++i) {
    const auto& p = s.mmu[i];
    out << (i ? ", " : " ") << (i + 1 == s.mmu.size() ? "whole trace " : "") << HumanDuration(p.window_ns) << " "
        << Percent(p.mmu);
  }
  out << "\n";
}

void TimelineLine(std::ostream& out, const Timeline& t) {
  uint64_t peak = 0;
  for (const auto& b : t.buckets) peak = std::max(peak, b.max.goroutines);
  out << "goroutines alive: peak " << peak << ", at end " << t.at_end.goroutines << " (timeline of "
      << t.buckets.size() << " points in --format json)\n";
}

void Leaks(std::ostream& out, const TraceReader& trace, const TraceSummary& s) {
  uint64_t total = 0;
  for (const auto& l : s.leaks) total += l.count;
  out << "\nblocked at the end, never woken (runtime goroutines left out): " << total << " goroutines in "
      << s.leaks.size() << " groups\n";
  for (const auto& l : s.leaks) {
    out << "\n  " << l.count << " x [" << l.status << "] " << l.pattern->name << ", signature "
        << SignatureHex(l.signature) << ", blocked " << HumanDuration(l.min_blocked_ns) << ".."
        << HumanDuration(l.max_blocked_ns) << ", creation site " << Rate(l.growth_per_sec) << "\n";
    out << "  " << l.pattern->hint << "\n";
    out << "  blocked at:\n";
    Stack(out, trace.stacks(), l.block, "    ");
    out << "  created by:\n";
    Stack(out, trace.stacks(), l.creation, "    ");
  }
}

void Sites(std::ostream& out, const TraceReader& trace, const TraceSummary& s) {
  out << "\ncreation sites (" << s.sites.size() << ", most alive at end first):\n";
  for (size_t i = 0; i < std::min(kSitesShown, s.sites.size()); ++i) {
    const auto& c = s.sites[i];
    out << "  " << Site(trace.stacks(), c.stack) << ": created " << c.created << ", ended " << c.ended
        << ", alive at end " << c.alive_at_end << " (" << Rate(c.growth_per_sec) << "); running "
        << HumanDuration(c.times.running_ns) << ", runnable " << HumanDuration(c.times.runnable_ns) << ", blocked "
        << Blocked(c.times, s.reasons) << "\n";
  }
}

void MostBlocked(std::ostream& out, const TraceReader& trace, const TraceSummary& s) {
  out << "\ngoroutines blocked longest:\n";
  for (const auto& g : s.most_blocked) {
    out << "  goroutine " << g.goid << " (" << Site(trace.stacks(), g.creation) << "): running "
        << HumanDuration(g.times.running_ns) << ", runnable " << HumanDuration(g.times.runnable_ns) << ", blocked "
        << Blocked(g.times, s.reasons) << (g.ended_ns < 0 ? ", alive at end" : "") << "\n";
  }
}

}  // namespace

void WriteTraceSummaryText(std::ostream& out, const TraceReader& trace, const TraceSummary& s) {
  out << "# trace " << trace.path() << " (go 1." << trace.version().minor << " format, " << trace.size()
      << " bytes, " << s.events << " events)\n";
  out << "duration: " << HumanDuration(s.end_ns - s.start_ns) << "\n";
  out << "goroutines: created " << s.created << ", ended " << s.ended << ", alive at start " << s.alive_at_start
      << ", alive at end " << s.alive_at_end << "\n";
  Pauses(out, "stop-the-world pauses", s.stw);
  Pauses(out, "GC cycles (mark phase)", s.gc);
  Heap(out, "heap in use", s.heap_in_use);
  Heap(out, "heap goal", s.heap_goal);
  Mmu(out, s);
  TimelineLine(out, s.timeline);
  Leaks(out, trace, s);
  Sites(out, trace, s);
  MostBlocked(out, trace, s);
}

}  // namespace gf
