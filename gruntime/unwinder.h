#pragma once
// Stack unwinding of Go frames with the pclntab's pcsp tables, the way the
// runtime's own unwinder walks them (amd64: the return address sits just
// below the caller's SP).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gruntime/symbolizer.h"

namespace gf {

class AddressSpace;

struct StackFrame {
  uint64_t pc = 0, sp = 0, fp = 0;
  bool trap = false;  // pc is an interrupted instruction, not a return address
  const SymbolizedPc* sym = nullptr;
  uint64_t SymbolPc() const;  // the pc to symbolize: backed up into the CALL
};

struct StackBounds {
  uint64_t lo = 0, hi = 0;
  bool Contains(uint64_t sp) const { return sp >= lo && sp < hi; }
};

struct UnwoundStack {
  std::vector<StackFrame> frames;
  std::string incomplete;  // why unwinding stopped before a top frame; empty when complete
};

// Which line the runtime's traceback gives a function interrupted by
// asyncPreempt (or debugCallV2). Go 1.21's unwinder treats every injected call (sigpanic,
// asyncPreempt, debugCallV2) as a trap and prints the interrupted
// instruction; earlier tracebacks exempted only sigpanic and printed the line
// of the byte before it. The frame is a trap either way (its stack is
// scanned conservatively); only the line differs.
enum class PreemptedLine { kInterrupted, kBeforeInterrupted };

// Unwinds from (pc, sp) within bounds. trap: pc was interrupted by a signal.
UnwoundStack Unwind(const AddressSpace& mem, const Symbolizer& sym, uint64_t pc, uint64_t sp, bool trap,
                    StackBounds bounds, size_t max_frames, PreemptedLine preempted = PreemptedLine::kInterrupted);

struct SignalContext {
  uint64_t pc = 0, sp = 0;
};
// When `frame` is runtime.sigtramp, the registers the signal interrupted,
// read from the kernel's signal frame just above it.
std::optional<SignalContext> ReadSignalContext(const AddressSpace& mem, const StackFrame& frame);

}  // namespace gf
