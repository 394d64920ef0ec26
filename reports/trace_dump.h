#pragma once
// The canonical event list of a trace, one line per event, as printed by
// `goforensics trace --dump transitions` and by the oracle program in
// tests/trace_oracle (Go's own parser): the format both sides agree on.
//
//   <time ns> G <goid> <from>-><to> reason="<reason>" stack=<frames> evstack=<frames> p=<P>
//   <time ns> Label <goid> "<label>" p=<P>
//   <time ns> MarkAssistBegin <goid> p=<P> | MarkAssistEnd <goid> p=<P>
//   <time ns> MarkAssistActive <goid> running=<goid> p=<P>
//   <time ns> GOMAXPROCS <n> | Sync <n>
//   <time ns> GCBegin | GCEnd
//   <time ns> STWBegin <kind> | STWEnd <kind>
//   <time ns> HeapAlloc <bytes> | HeapGoal <bytes>
//
// Frames are func@file:line, innermost first, joined by ';', or '-'. <P> and
// <goid> are -1 for none.
#include <ostream>

#include "readers/trace/stack_table.h"
#include "readers/trace/trace_model.h"

namespace gf {

class TraceDumpWriter : public TraceVisitor {
 public:
  TraceDumpWriter(std::ostream& out, const StackTable& stacks) : out_(out), stacks_(stacks) {}
  void OnEvent(const TraceEvent& e) override;

 private:
  void Frames(StackId id);

  std::ostream& out_;
  const StackTable& stacks_;
};

}  // namespace gf
