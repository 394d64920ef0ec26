#pragma once
// Which frames Go's traceback prints. A crash (GOTRACEBACK=crash/system)
// prints every frame; Go's default traceback, runtime.Stack and
// /debug/pprof/goroutine?debug=2 hide the runtime's internals and
// compiler-generated wrappers. Users compare our output with both.
#include <cstdint>
#include <vector>

#include "gruntime/goroutine.h"
#include "readers/pclntab.h"

namespace gf {

enum class FrameFilter {
  kAll,   // GOTRACEBACK=system or crash
  kUser,  // GOTRACEBACK=single or all (Go's default)
};

// One printed frame: a source frame within a physical stack frame.
struct TracebackLine {
  const StackFrame* frame;
  const SourceFrame* source;
};

class TracebackFilter {
 public:
  // The special function IDs are read from the binary itself: their
  // numbering changes between Go releases.
  TracebackFilter(const Pclntab& table, FrameFilter filter);

  std::vector<TracebackLine> Lines(const Goroutine& g) const;
  // Go prints "created by" only when the creating function itself would be shown.
  bool ShowsCreatedBy(const Goroutine& g) const;

 private:
  bool Shows(const SourceFrame& f, bool first, uint8_t callee) const;

  FrameFilter filter_;
  int wrapper_ = -1, gopanic_ = -1, sigpanic_ = -1, panicwrap_ = -1;
  std::vector<int> always_shown_;  // runtime.runfinq / runFinalizers / runCleanups
};

}  // namespace gf
