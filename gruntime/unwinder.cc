#include "gruntime/unwinder.h"

#include "gruntime/address_space.h"

namespace gf {
namespace {

constexpr uint64_t kPtrSize = 8;

// Functions the runtime enters as if called from the interrupted instruction:
// their caller's pc is exact, not a return address.
bool IsInjectedCall(std::string_view name) {
  return name == "runtime.sigpanic" || name == "runtime.asyncPreempt" || name == "runtime.debugCallV2";
}

}  // namespace

uint64_t StackFrame::SymbolPc() const {
  if (trap || !sym || pc <= sym->entry) return pc;
  return pc - 1;
}

UnwoundStack Unwind(const AddressSpace& mem, const Symbolizer& sym, uint64_t pc, uint64_t sp, bool trap,
                    StackBounds bounds, size_t max_frames, PreemptedLine preempted) {
  UnwoundStack out;
  bool exact = trap;
  for (;;) {
    if (out.frames.size() >= max_frames) {
      out.incomplete = "more than " + std::to_string(max_frames) + " frames";
      return out;
    }
    if (!bounds.Contains(sp)) {
      out.incomplete = "stack pointer left the goroutine's stack";
      return out;
    }
    auto f = sym.FindFunc(pc);
    if (!f) {
      out.incomplete = "pc is not in Go code";
      return out;
    }
    StackFrame frame;
    frame.pc = pc;
    frame.sp = sp;
    frame.trap = trap;
    auto delta = sym.SpDelta(*f, pc);
    if (!delta || *delta < 0) {
      out.incomplete = "no frame size for pc";
      return out;
    }
    frame.fp = sp + static_cast<uint64_t>(*delta) + kPtrSize;
    uint64_t entry = sym.RuntimeEntry(*f);
    frame.sym = sym.Symbolize(exact || pc <= entry ? pc : pc - 1);
    if (!frame.sym) {
      out.incomplete = "pc is not in Go code";
      return out;
    }
    out.frames.push_back(frame);
    if (f->flag & kFuncFlagTopFrame) return out;
    if (f->flag & kFuncFlagSPWrite) {
      out.incomplete = "function " + std::string(frame.sym->name) + " switches stacks";
      return out;
    }
    auto ret = mem.View(frame.fp - kPtrSize, kPtrSize);
    if (ret.empty()) {
      out.incomplete = "return address is not in the core";
      return out;
    }
    uint64_t next_pc = 0;
    std::memcpy(&next_pc, ret.data(), kPtrSize);
    if (next_pc == 0) return out;
    trap = IsInjectedCall(frame.sym->name);
    exact = trap && (preempted == PreemptedLine::kInterrupted || frame.sym->name == "runtime.sigpanic");
    pc = next_pc;
    sp = frame.fp;
  }
}

// x86-64 rt_sigframe: the return address (restorer) at the handler's entry
// SP, then struct ucontext: uc_flags, uc_link, uc_stack (24 bytes), then
// mcontext's general registers r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx,
// rsp, rip.
std::optional<SignalContext> ReadSignalContext(const AddressSpace& mem, const StackFrame& frame) {
  if (!frame.sym || frame.sym->name != "runtime.sigtramp") return std::nullopt;
  uint64_t gregs = frame.fp + 40;
  auto b = mem.View(gregs, 17 * kPtrSize);
  if (b.empty()) return std::nullopt;
  SignalContext c;
  std::memcpy(&c.sp, b.data() + 15 * kPtrSize, kPtrSize);
  std::memcpy(&c.pc, b.data() + 16 * kPtrSize, kPtrSize);
  return c;
}

}  // namespace gf
