#pragma once
// The version-neutral model of a Go execution trace that every trace format
// reader produces: goroutine state transitions, GC and stop-the-world
// phases, mark assists, GC worker labels, GOMAXPROCS, heap metrics and proc
// starts/stops, delivered one at a time to a visitor so that a multi-GB
// trace never has to be held in memory.
#include <cstdint>
#include <string_view>

namespace gf {

// Goroutine states as Go's trace parser (internal/trace) names them.
enum class GoState : uint8_t { kUndetermined, kNotExist, kRunnable, kRunning, kWaiting, kSyscall };
std::string_view GoStateName(GoState s);

// An interned stack of the trace (see StackTable); 0 is "no stack".
using StackId = uint32_t;

constexpr uint64_t kNoGoroutine = ~uint64_t{0};

enum class TraceEventKind : uint8_t {
  kGoTransition,  // goid moves from -> to
  kProcStart,     // value: P id
  kProcStop,      // value: P id
  kGcBegin,       // GC mark phase begins; value: GC sequence number
  kGcEnd,
  kStwBegin,      // reason: the stop-the-world kind
  kStwEnd,
  kHeapAlloc,     // value: heap bytes in use (live + unswept)
  kHeapGoal,      // value: heap goal bytes
  kGomaxprocs,    // value: GOMAXPROCS (Go's /sched/gomaxprocs:threads metric)
  kGoLabel,       // goid (the running goroutine) labelled `reason`: "GC (dedicated)", ...
  kMarkAssistBegin,   // goid: the goroutine that starts assisting the GC
  kMarkAssistEnd,
  // goid was assisting when the trace's generation began; value: the
  // goroutine running on the thread that wrote the event (kNoGoroutine).
  kMarkAssistActive,
  kSync,          // a generation begins or the trace ends; value: how many so far
};
std::string_view TraceEventKindName(TraceEventKind k);

struct TraceEvent {
  TraceEventKind kind = TraceEventKind::kGoTransition;
  int64_t time_ns = 0;  // on the trace's clock, strictly increasing
  uint64_t goid = 0;    // kGoTransition: the goroutine changing state
  GoState from = GoState::kUndetermined;
  GoState to = GoState::kUndetermined;
  // Block/stop reason ("chan receive", "sleep", ...) or STW kind; it points
  // into the trace's mapping or static storage, valid while the trace is.
  std::string_view reason;
  // kGoTransition: the moving goroutine's stack (for a creation, the new
  // goroutine's start function; for a block, where it blocked).
  StackId stack = 0;
  // Where the event happened: for a creation, the creator's stack.
  StackId event_stack = 0;
  uint64_t value = 0;
  // The P the event happened on, -1 for none (Go's Event.Proc()).
  int64_t proc = -1;
};

// A goroutine's change of state, as both readers emit it.
inline TraceEvent GoTransition(int64_t time_ns, uint64_t goid, GoState from, GoState to, StackId stack,
                               StackId event_stack, std::string_view reason) {
  TraceEvent ev;
  ev.time_ns = time_ns;
  ev.goid = goid;
  ev.from = from;
  ev.to = to;
  ev.stack = stack;
  ev.event_stack = event_stack;
  ev.reason = reason;
  return ev;
}

class TraceVisitor {
 public:
  virtual ~TraceVisitor() = default;
  virtual void OnEvent(const TraceEvent& e) = 0;
};

}  // namespace gf
