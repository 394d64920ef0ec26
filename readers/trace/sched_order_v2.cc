#include "readers/trace/sched_order_v2.h"

#include "readers/trace/event_table_v2.h"

namespace gf::v2 {

bool SchedOrder::ProcIs(uint64_t p, Proc status, Seq seq) const {
  auto it = procs_.find(p);
  return it != procs_.end() && it->second.status == status && seq.Follows(it->second.seq);
}

bool SchedOrder::GoIs(uint64_t g, Go status, Seq seq) const {
  auto it = goroutines_.find(g);
  return it != goroutines_.end() && it->second.status == status && seq.Follows(it->second.seq);
}

bool SchedOrder::Ready(const RawEvent& e, const ThreadContext& ctx, uint64_t gen, bool first_gen) const {
  const auto& a = e.a;
  switch (e.type) {
    case kEvProcStart:
      // Not while the thread still holds a P it has not yet seen stolen.
      return ctx.p == kNone && ProcIs(a[1], Proc::kIdle, {gen, a[2]});
    case kEvProcSteal:
      return ProcIs(a[1], Proc::kSyscall, {gen, a[2]}) || ProcIs(a[1], Proc::kSyscallAbandoned, {gen, a[2]});
    case kEvGoStart:
      return GoIs(a[1], Go::kRunnable, {gen, a[2]});
    case kEvGoUnblock:
    case kEvGoSwitch:
    case kEvGoSwitchDestroy:
      return GoIs(a[1], Go::kWaiting, {gen, a[2]});
    case kEvGoSyscallEndBlocked: {
      // The thread is about to lose its P: not before it has.
      if (ctx.p == kNone) return true;
      auto it = procs_.find(ctx.p);
      return it == procs_.end() || it->second.status != Proc::kSyscall;
    }
    case kEvGCActive:
      return first_gen || a[1] == gc_seq_ + 1;
    case kEvGCBegin:
      return gc_ == Gc::kUndetermined || a[1] == gc_seq_ + 1;
    case kEvGCEnd:
      return a[1] == gc_seq_ + 1;
  }
  return true;
}

void SchedOrder::Apply(const RawEvent& e, const ThreadContext& ctx, uint64_t gen) {
  const auto& a = e.a;
  switch (e.type) {
    case kEvProcStatus: {
      // A P already known keeps its status (Go checks that it agrees).
      auto [it, added] = procs_.try_emplace(a[1], State<Proc>{static_cast<Proc>(a[2]), {}});
      it->second.seq = {gen, 0};
      return;
    }
    case kEvProcStart:
      procs_[a[1]] = {Proc::kRunning, {gen, a[2]}};
      return;
    case kEvProcStop:
      procs_[ctx.p].status = Proc::kIdle;
      return;
    case kEvProcSteal:
      procs_[a[1]] = {Proc::kIdle, {gen, a[2]}};
      return;
    case kEvGoStatus:
    case kEvGoStatusStack: {
      auto [it, added] = goroutines_.try_emplace(a[1], State<Go>{static_cast<Go>(a[3]), {}});
      it->second.seq = {gen, 0};
      return;
    }
    case kEvGoCreate:
      goroutines_[a[1]] = {Go::kRunnable, {gen, 0}};
      return;
    case kEvGoCreateBlocked:
      goroutines_[a[1]] = {Go::kWaiting, {gen, 0}};
      return;
    case kEvGoCreateSyscall:
      goroutines_[a[1]] = {Go::kSyscall, {gen, 0}};
      return;
    case kEvGoStart:
      goroutines_[a[1]] = {Go::kRunning, {gen, a[2]}};
      return;
    case kEvGoUnblock:
      goroutines_[a[1]] = {Go::kRunnable, {gen, a[2]}};
      return;
    case kEvGoSwitch:
    case kEvGoSwitchDestroy:
      if (e.type == kEvGoSwitch) SetGo(ctx.g, Go::kWaiting);
      else goroutines_.erase(ctx.g);
      goroutines_[a[1]] = {Go::kRunning, {gen, a[2]}};
      return;
    case kEvGoDestroy:
      goroutines_.erase(ctx.g);
      return;
    case kEvGoStop:
      return SetGo(ctx.g, Go::kRunnable);
    case kEvGoBlock:
      return SetGo(ctx.g, Go::kWaiting);
    case kEvGoSyscallBegin:
      SetGo(ctx.g, Go::kSyscall);
      procs_[ctx.p] = {Proc::kSyscall, {gen, a[1]}};
      return;
    case kEvGoSyscallEnd:
      SetGo(ctx.g, Go::kRunning);
      procs_[ctx.p].status = Proc::kRunning;
      return;
    case kEvGoSyscallEndBlocked:
      return SetGo(ctx.g, Go::kRunnable);
    case kEvGoDestroySyscall:
      goroutines_.erase(ctx.g);
      // The thread may end and its id be reused: Go lets its P go.
      if (ctx.p != kNone) procs_[ctx.p].status = Proc::kSyscallAbandoned;
      return;
    case kEvGCActive:
    case kEvGCBegin:
    case kEvGCEnd:
      gc_seq_ = a[1];
      gc_ = e.type == kEvGCEnd ? Gc::kNotRunning : Gc::kRunning;
      return;
  }
}

}  // namespace gf::v2
