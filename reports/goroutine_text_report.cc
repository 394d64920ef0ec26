#include "reports/goroutine_text_report.h"

#include "gruntime/func_name.h"
#include "readers/hex.h"

namespace gf {
namespace {

void WriteHeader(std::ostream& out, const DumpInfo& info, const GoroutineSnapshot& snap) {
  out << "# core " << info.core << "\n# executable " << info.executable << " (" << info.go_version << ")\n# "
      << snap.goroutines.size() << " goroutines\n";
  for (const auto& w : info.warnings) out << "# warning: " << w << "\n";
  for (const auto& w : snap.warnings) out << "# warning: " << w << "\n";
}

void WriteWait(std::ostream& out, std::optional<int64_t> lo, std::optional<int64_t> hi) {
  if (!hi || *hi < 1) return;
  out << ", ";
  if (lo && *lo != *hi) out << *lo << "-";
  out << *hi << " minutes";
}

void WriteStatus(std::ostream& out, const Goroutine& g, std::optional<int64_t> lo, std::optional<int64_t> hi) {
  out << "[" << g.status;
  if (g.leaked) out << " (leaked)";
  if (g.scan) out << " (scan)";
  WriteWait(out, lo, hi);
  if (g.locked_to_thread) out << ", locked to thread";
  out << "]:\n";
}

void WriteFrames(std::ostream& out, const Goroutine& g, const TracebackFilter& frames) {
  for (auto [f, sf] : frames.Lines(g)) {
    out << TracebackFuncName(sf->function) << "(...)\n\t" << sf->file << ":" << sf->line;
    if (!sf->inlined && f->pc > f->sym->entry) out << " +" << Hex(f->pc - f->sym->entry);
    out << "\n";
  }
  if (g.stack_origin == StackOrigin::kUnavailable) out << "\tstack unavailable: " << g.stack_incomplete << "\n";
  else if (!g.stack_incomplete.empty()) out << "\t...stack incomplete: " << g.stack_incomplete << "\n";
}

void WriteCreatedBy(std::ostream& out, const Goroutine& g, const TracebackFilter& frames) {
  if (!frames.ShowsCreatedBy(g)) return;
  const auto& inner = g.created_by->frames.front();
  out << "created by " << TracebackFuncName(g.created_by->name);
  if (g.parent_goid && *g.parent_goid != 0) out << " in goroutine " << *g.parent_goid;
  out << "\n\t" << inner.file << ":" << inner.line;
  if (g.created_by_pc > g.created_by->entry) out << " +" << Hex(g.created_by_pc - g.created_by->entry);
  out << "\n";
}

}  // namespace

void WriteGoroutineStack(std::ostream& out, const Goroutine& g, const TracebackFilter& frames) {
  WriteFrames(out, g, frames);
  WriteCreatedBy(out, g, frames);
}

void WriteGoroutinesText(std::ostream& out, const DumpInfo& info, const GoroutineSnapshot& snap,
                         const TracebackFilter& frames) {
  WriteHeader(out, info, snap);
  for (const auto& g : snap.goroutines) {
    out << "\ngoroutine " << g.id << " ";
    WriteStatus(out, g, g.wait_minutes, g.wait_minutes);
    WriteGoroutineStack(out, g, frames);
  }
}

void WriteGoroutineGroupsText(std::ostream& out, const DumpInfo& info, const GoroutineSnapshot& snap,
                              const std::vector<GoroutineGroup>& groups, const TracebackFilter& frames) {
  WriteHeader(out, info, snap);
  out << "# " << groups.size() << " groups\n";
  for (const auto& group : groups) {
    const Goroutine& g = group.representative();
    out << "\n" << group.members.size() << (group.members.size() == 1 ? " goroutine " : " goroutines ");
    WriteStatus(out, g, group.min_wait_minutes, group.max_wait_minutes);
    out << "# ids:";
    constexpr size_t kShownIds = 20;
    for (size_t i = 0; i < group.members.size() && i < kShownIds; ++i) out << " " << group.members[i]->id;
    if (group.members.size() > kShownIds) out << " ... (" << group.members.size() - kShownIds << " more)";
    out << "\n";
    WriteGoroutineStack(out, g, frames);
  }
}

}  // namespace gf
