#include "reports/goroutine_pprof.h"

#include "gruntime/symbolizer.h"
#include "reports/pprof_writer.h"

namespace gf {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Every source frame, inlined ones included, at the pc of their physical
// frame, as a symbolizing profiler records them.
std::vector<PprofFrame> StackOf(const Goroutine& g) {
  std::vector<PprofFrame> stack;
  for (const auto& f : g.frames) {
    const auto& lines = f.sym->frames;
    for (size_t i = 0; i < lines.size(); ++i)
      stack.push_back({std::string(lines[i].function), std::string(lines[i].file), lines[i].line, f.pc,
                       i + 1 < lines.size()});
  }
  return stack;
}

Labels LabelsOf(const Goroutine& g) {
  Labels labels{{"state", g.status}};
  if (g.created_by) {
    const auto& at = g.created_by->frames.front();
    labels.emplace_back("created by", std::string(g.created_by->name) + " " + std::string(at.file) + ":" +
                                          std::to_string(at.line));
  }
  return labels;
}

PprofWriter NewWriter(const DumpInfo& info, const char* what) {
  PprofWriter w({{"goroutine", "count"}});
  w.SetBinary(info.executable, info.build_id);
  w.AddComment(std::string(what) + " of core " + info.core + " (" + info.go_version + "), by goforensics");
  return w;
}

}  // namespace

void WriteGoroutineGroupsPprof(const std::string& path, const DumpInfo& info,
                               const std::vector<GoroutineGroup>& groups) {
  PprofWriter w = NewWriter(info, "goroutine groups");
  for (const auto& group : groups) {
    const Goroutine& g = group.representative();
    w.AddSample(StackOf(g), {static_cast<int64_t>(group.members.size())}, LabelsOf(g));
  }
  w.WriteGzip(path);
}

void WriteLeakSuspectsPprof(const std::string& path, const DumpInfo& info, const GoroutineSnapshot& snap,
                            const std::vector<LeakSuspect>& suspects) {
  PprofWriter w = NewWriter(info, "leak suspects");
  for (const auto& s : suspects) {
    const Goroutine& g = snap.goroutines[s.goroutines.front()];
    Labels labels = LabelsOf(g);
    labels.emplace_back("pattern", s.pattern->name);
    labels.emplace_back("signature", s.SignatureHex());
    labels.emplace_back("proven leaked", std::to_string(s.proven));
    w.AddSample(StackOf(g), {static_cast<int64_t>(s.goroutines.size())}, labels);
  }
  w.WriteGzip(path);
}

}  // namespace gf
