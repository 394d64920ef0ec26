#include "readers/trace/trace_model.h"

namespace gf {

std::string_view GoStateName(GoState s) {
  switch (s) {
    case GoState::kUndetermined: return "Undetermined";
    case GoState::kNotExist: return "NotExist";
    case GoState::kRunnable: return "Runnable";
    case GoState::kRunning: return "Running";
    case GoState::kWaiting: return "Waiting";
    case GoState::kSyscall: return "Syscall";
  }
  return "?";
}

std::string_view TraceEventKindName(TraceEventKind k) {
  switch (k) {
    case TraceEventKind::kGoTransition: return "GoTransition";
    case TraceEventKind::kProcStart: return "ProcStart";
    case TraceEventKind::kProcStop: return "ProcStop";
    case TraceEventKind::kGcBegin: return "GCBegin";
    case TraceEventKind::kGcEnd: return "GCEnd";
    case TraceEventKind::kStwBegin: return "STWBegin";
    case TraceEventKind::kStwEnd: return "STWEnd";
    case TraceEventKind::kHeapAlloc: return "HeapAlloc";
    case TraceEventKind::kHeapGoal: return "HeapGoal";
    case TraceEventKind::kGomaxprocs: return "GOMAXPROCS";
    case TraceEventKind::kGoLabel: return "Label";
    case TraceEventKind::kMarkAssistBegin: return "MarkAssistBegin";
    case TraceEventKind::kMarkAssistEnd: return "MarkAssistEnd";
    case TraceEventKind::kMarkAssistActive: return "MarkAssistActive";
    case TraceEventKind::kSync: return "Sync";
  }
  return "?";
}

}  // namespace gf
