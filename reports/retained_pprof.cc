#include "reports/retained_pprof.h"

#include "reports/pprof_writer.h"

namespace gf {

void WriteRetainedPprof(const std::string& path, const DumpInfo& info, const RetainedHeap& r) {
  PprofWriter w({{"objects", "count"}, {"space", "bytes"}});
  w.SetBinary(info.executable, info.build_id);
  w.AddComment("retained heap of core " + info.core + " (" + info.go_version +
               "), by goforensics: root, then the types along the dominator chain");
  std::vector<PprofFrame> stack;
  for (const auto& s : r.samples) {
    stack.clear();
    for (auto it = s.frames.rbegin(); it != s.frames.rend(); ++it) stack.push_back({*it, "", 0, 0, false});
    w.AddSample(stack, {static_cast<int64_t>(s.objects), static_cast<int64_t>(s.bytes)});
  }
  w.WriteGzip(path);
}

}  // namespace gf
