#include "reports/trace_dump.h"

namespace gf {

namespace {

// Go's %q for the reason strings the runtime writes (printable ASCII).
void Quoted(std::ostream& out, std::string_view s) {
  out << '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out << '\\';
    out << c;
  }
  out << '"';
}

// Go's GoID and ProcID are signed, "none" being -1.
int64_t Signed(uint64_t id) { return static_cast<int64_t>(id); }

}  // namespace

void TraceDumpWriter::Frames(StackId id) {
  auto frames = stacks_.Frames(id);
  if (frames.empty()) {
    out_ << '-';
    return;
  }
  const char* sep = "";
  for (const auto& f : frames) {
    out_ << sep << f.func << '@' << f.file << ':' << f.line;
    sep = ";";
  }
}

void TraceDumpWriter::OnEvent(const TraceEvent& e) {
  // Procs are not in the canonical list: Go's API does not tell a stop from a steal.
  if (e.kind == TraceEventKind::kProcStart || e.kind == TraceEventKind::kProcStop) return;
  out_ << e.time_ns << ' ';
  switch (e.kind) {
    case TraceEventKind::kGoTransition:
      out_ << "G " << e.goid << ' ' << GoStateName(e.from) << "->" << GoStateName(e.to) << " reason=";
      Quoted(out_, e.reason);
      out_ << " stack=";
      Frames(e.stack);
      out_ << " evstack=";
      Frames(e.event_stack);
      out_ << " p=" << e.proc;
      break;
    case TraceEventKind::kGoLabel:
      out_ << TraceEventKindName(e.kind) << ' ' << Signed(e.goid) << ' ';
      Quoted(out_, e.reason);
      out_ << " p=" << e.proc;
      break;
    case TraceEventKind::kMarkAssistBegin:
    case TraceEventKind::kMarkAssistEnd:
      out_ << TraceEventKindName(e.kind) << ' ' << Signed(e.goid) << " p=" << e.proc;
      break;
    case TraceEventKind::kMarkAssistActive:
      out_ << TraceEventKindName(e.kind) << ' ' << Signed(e.goid) << " running=" << Signed(e.value)
           << " p=" << e.proc;
      break;
    case TraceEventKind::kGomaxprocs:
    case TraceEventKind::kSync:
      out_ << TraceEventKindName(e.kind) << ' ' << e.value;
      break;
    case TraceEventKind::kStwBegin:
    case TraceEventKind::kStwEnd:
      out_ << TraceEventKindName(e.kind) << ' ' << e.reason;
      break;
    case TraceEventKind::kHeapAlloc:
    case TraceEventKind::kHeapGoal:
      out_ << TraceEventKindName(e.kind) << ' ' << e.value;
      break;
    case TraceEventKind::kGcBegin:
    case TraceEventKind::kGcEnd:
      out_ << TraceEventKindName(e.kind);
      break;
    case TraceEventKind::kProcStart:
    case TraceEventKind::kProcStop:
      break;
  }
  out_ << '\n';
}

}  // namespace gf
