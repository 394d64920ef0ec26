#include "forensics/blocking_site.h"

#include <tuple>

#include "gruntime/symbolizer.h"

namespace gf {
namespace {

SourceSite SiteOf(const StackLine& l) { return {std::string(l.function), std::string(l.file), l.line}; }

}  // namespace

bool SourceSite::operator<(const SourceSite& o) const {
  return std::tie(function, file, line) < std::tie(o.function, o.file, o.line);
}

std::vector<StackLine> StackLinesOf(const Goroutine& g) {
  std::vector<StackLine> lines;
  for (const auto& f : g.frames)
    for (const auto& sf : f.sym->frames) lines.push_back({sf.function, sf.file, sf.line});
  return lines;
}

std::string_view SnapshotGoroot(const GoroutineSnapshot& snap) {
  for (const auto& g : snap.goroutines) {
    auto lines = StackLinesOf(g);
    if (auto root = GorootOf(lines); !root.empty()) return root;
  }
  return {};
}

std::optional<SourceSite> BlockingSiteOf(const Goroutine& g, std::string_view goroot) {
  auto lines = StackLinesOf(g);
  if (lines.empty()) return std::nullopt;
  return SiteOf(lines[BlockingFrame(lines, goroot)]);
}

std::optional<SourceSite> CreationSiteOf(const Goroutine& g) {
  if (!g.created_by) return std::nullopt;
  const auto& inner = g.created_by->frames.front();
  return SiteOf({g.created_by->name, inner.file, inner.line});
}

}  // namespace gf
