#include "forensics/trace_leaks.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "forensics/group_signature.h"
#include "forensics/trace_wait_reason.h"
#include "gruntime/func_name.h"

namespace gf {

namespace {

std::vector<StackLine> LinesOf(const StackTable& stacks, StackId id) {
  std::vector<StackLine> lines;
  for (const auto& f : stacks.Frames(id)) lines.push_back({f.func, f.file, static_cast<int>(f.line)});
  return lines;
}

SourceSite Site(const StackLine& l) { return {std::string(l.function), std::string(l.file), l.line}; }

std::string_view TraceGoroot(std::span<const BlockedAtEnd> blocked, const StackTable& stacks) {
  for (const auto& b : blocked)
    if (auto root = GorootOf(LinesOf(stacks, b.block)); !root.empty()) return root;
  return {};
}

// The start function as the core view reads it from g.startpc: the trace's
// creation event names it; for goroutines older than the trace, the
// outermost frame of their stack does.
std::string_view StartFunction(const BlockedAtEnd& b, const StackTable& stacks) {
  if (auto start = stacks.Frames(b.start); !start.empty()) return start.front().func;
  auto block = stacks.Frames(b.block);
  return block.empty() ? std::string_view() : block.back().func;
}

using Key = std::tuple<std::string, SourceSite, std::optional<SourceSite>>;

}  // namespace

std::vector<TraceLeak> FindTraceLeaks(std::span<const BlockedAtEnd> blocked, const StackTable& stacks, int go_minor) {
  std::string_view goroot = TraceGoroot(blocked, stacks);
  std::map<Key, TraceLeak> groups;
  for (const auto& b : blocked) {
    auto lines = LinesOf(stacks, b.block);
    if (lines.empty() || IsRuntimeGoroutineStart(StartFunction(b, stacks))) continue;
    auto created_by = LinesOf(stacks, b.creation);
    std::optional<SourceSite> creation;
    if (!created_by.empty()) creation = Site(created_by.front());
    std::string status = CoreWaitReason(b.reason, lines, go_minor);
    const PatternInfo& pattern = Classify(status, lines, creation ? creation->function : std::string_view());
    if (!pattern.may_leak) continue;
    Key key{status, Site(lines[BlockingFrame(lines, goroot)]), creation};
    TraceLeak& l = groups[key];
    if (l.count == 0) {
      l.status = status;
      l.reason = b.reason;
      l.blocking_site = std::get<1>(key);
      l.creation_site = creation;
      l.pattern = &pattern;
      l.signature = GroupSignature(l.status, l.blocking_site, l.creation_site);
      l.creation = b.creation;
      l.block = b.block;
      l.min_blocked_ns = l.max_blocked_ns = b.blocked_ns;
      l.growth_per_sec = b.site_growth_per_sec;
    }
    ++l.count;
    l.min_blocked_ns = std::min(l.min_blocked_ns, b.blocked_ns);
    l.max_blocked_ns = std::max(l.max_blocked_ns, b.blocked_ns);
    l.goids.push_back(b.goid);
  }
  std::vector<TraceLeak> out;
  for (auto& [key, l] : groups) {
    std::sort(l.goids.begin(), l.goids.end());
    out.push_back(std::move(l));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  return out;
}

}  // namespace gf
