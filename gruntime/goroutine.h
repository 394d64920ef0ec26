#pragma once
// One goroutine as read out of a core: what the runtime's g records, and its
// unwound stack.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gruntime/unwinder.h"

namespace gf {

// Where the stack's first frame came from.
enum class StackOrigin {
  kScheduler,      // g.sched: the goroutine was parked or descheduled
  kSyscall,        // g.syscallpc/syscallsp: in a system call
  kThread,         // registers of the thread running it (NT_PRSTATUS)
  kSignalContext,  // registers saved by the kernel when a signal interrupted it
  kUnavailable,    // running, and no register set reaches its stack
};

struct Goroutine {
  uint64_t id = 0;
  uint64_t address = 0;       // the runtime.g
  uint32_t raw_status = 0;    // atomicstatus, scan bit included
  std::string status;         // as Go prints it: the wait reason, or the state's name
  bool scan = false;
  bool leaked = false;        // Go 1.26 _Gleaked
  bool locked_to_thread = false;
  bool system = false;        // started by the runtime (GC workers, finalizers, ...)
  int64_t wait_since_ns = 0;  // runtime nanotime, 0 if not recorded
  std::optional<int64_t> wait_minutes;
  std::optional<int64_t> m_id;  // the M running it, if any
  uint64_t gopc = 0, startpc = 0;
  std::optional<uint64_t> parent_goid;
  uint64_t waiting = 0;  // *sudog it is blocked on, if any
  StackBounds stack_bounds;
  StackOrigin stack_origin = StackOrigin::kUnavailable;
  std::vector<StackFrame> frames;  // innermost first
  std::string stack_incomplete;    // why the stack stops early, if it does
  const SymbolizedPc* created_by = nullptr;  // the go statement's pc, unless goid 1
  uint64_t created_by_pc = 0;
};

}  // namespace gf
