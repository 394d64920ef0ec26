#include "gruntime/goroutine_reader.h"

#include <algorithm>
#include <cstring>

#include "gruntime/func_name.h"
#include "gruntime/go_version.h"
#include "gruntime/target.h"
#include "readers/hex.h"
#include "readers/read_error.h"

namespace gf {
namespace {

// More goroutines than this in allgs means the slice header is torn.
constexpr uint64_t kMaxGoroutines = uint64_t{1} << 28;
// Go's stacks are at most 1 GB; a frame is at least 8 bytes. Far fewer
// frames than that is already pathological, and the bound stops cycles.
constexpr size_t kMaxFrames = 1 << 20;
// How many goroutines are read between releases of the core's pages.
constexpr size_t kGoroutinesPerPageRelease = 8192;

uint64_t Field(std::span<const uint8_t> obj, uint64_t offset, size_t size) {
  uint64_t v = 0;
  std::memcpy(&v, obj.data() + offset, size);
  return v;
}

// A runtime [N]string table (gStatusStrings, waitReasonStrings), read once.
class StringTable {
 public:
  StringTable(const Target& t, std::string_view name, uint64_t count) {
    auto addr = t.MaybeGlobal(name);
    if (!addr) return;
    for (uint64_t i = 0; i < count; ++i) {
      try {
        strings_.push_back(t.memory().ReadGoString(*addr + i * 16, 256));
      } catch (const MemoryFault&) {
        strings_.push_back("???");
      }
    }
  }
  const std::string* At(uint64_t i) const { return i < strings_.size() ? &strings_[i] : nullptr; }

 private:
  std::vector<std::string> strings_;
};

// Frames print as the runtime that wrote the core prints them, so that our
// traceback equals its own.
PreemptedLine PreemptedLineOf(const std::string& go_version) {
  auto minor = GoMinorVersion(go_version);
  return minor && *minor <= 20 ? PreemptedLine::kBeforeInterrupted : PreemptedLine::kInterrupted;
}

class Reader {
 public:
  explicit Reader(const Target& t)
      : t_(t), mem_(t.memory()), l_(t.layouts()),
        statuses_(t, "runtime.gStatusStrings", l_.status_strings),
        reasons_(t, "runtime.waitReasonStrings", l_.wait_reason_strings),
        preempted_line_(PreemptedLineOf(t.go_version())) {}

  GoroutineSnapshot Read();

 private:
  std::vector<uint64_t> AllGs(GoroutineSnapshot& snap) const;
  bool ReadOne(uint64_t gp, Goroutine& g) const;
  std::string StatusText(uint32_t status, uint64_t reason) const;
  void ReadStack(Goroutine& g, std::span<const uint8_t> obj) const;
  void RunningStack(Goroutine& g, std::span<const uint8_t> obj, uint64_t mp) const;
  void UnwindFrom(Goroutine& g, StackOrigin origin, uint64_t pc, uint64_t sp, bool trap) const;
  std::optional<SignalContext> InterruptedContext(const StackBounds& sys, uint64_t pc, uint64_t sp) const;
  std::optional<StackBounds> GStack(uint64_t gp) const;
  int64_t LatestRuntimeStamp(const GoroutineSnapshot& snap) const;
  void EstimateNow(GoroutineSnapshot& snap) const;

  const Target& t_;
  const AddressSpace& mem_;
  const RuntimeLayouts& l_;
  StringTable statuses_, reasons_;
  PreemptedLine preempted_line_;
};

GoroutineSnapshot Reader::Read() {
  GoroutineSnapshot snap;
  auto allgs = AllGs(snap);
  for (size_t i = 0; i < allgs.size(); ++i) {
    uint64_t gp = allgs[i];
    if (i % kGoroutinesPerPageRelease == kGoroutinesPerPageRelease - 1) t_.core().DropResidentPages();
    Goroutine g;
    try {
      if (ReadOne(gp, g)) snap.goroutines.push_back(std::move(g));
      else ++snap.dead;
    } catch (const MemoryFault& e) {
      snap.warnings.push_back("goroutine at " + Hex(gp) + " unreadable: " + e.what());
    }
  }
  EstimateNow(snap);
  for (auto& g : snap.goroutines)
    if (g.wait_since_ns != 0 && (g.raw_status & ~l_.status.scan) != l_.status.running)
      g.wait_minutes = std::max<int64_t>(0, (snap.now_ns - g.wait_since_ns) / 60'000'000'000);
  return snap;
}

std::vector<uint64_t> Reader::AllGs(GoroutineSnapshot& snap) const {
  uint64_t allgs = t_.Global("runtime.allgs");
  uint64_t ptr = mem_.ReadPointer(allgs), len = mem_.ReadPointer(allgs + 8);
  if (len > kMaxGoroutines) throw ReadError(t_.core().path(), "runtime.allgs has an implausible length " + std::to_string(len));
  auto b = mem_.View(ptr, len * 8);
  if (len && b.empty()) throw ReadError(t_.core().path(), "runtime.allgs array is not in the core");
  std::vector<uint64_t> out(len);
  std::memcpy(out.data(), b.data(), len * 8);
  (void)snap;
  return out;
}

bool Reader::ReadOne(uint64_t gp, Goroutine& g) const {
  auto obj = mem_.View(gp, l_.g_size);
  if (obj.empty()) throw MemoryFault(gp);
  g.address = gp;
  g.raw_status = static_cast<uint32_t>(Field(obj, l_.g_atomicstatus, 4));
  uint32_t status = g.raw_status & ~l_.status.scan;
  if (status == l_.status.dead || (l_.status.dead_extra && status == *l_.status.dead_extra)) return false;
  g.scan = (g.raw_status & l_.status.scan) != 0;
  g.leaked = l_.status.leaked && status == *l_.status.leaked;
  g.id = Field(obj, l_.g_goid, 8);
  g.status = StatusText(status, Field(obj, l_.g_waitreason, 1));
  if (status == l_.status.waiting || status == l_.status.syscall)
    g.wait_since_ns = static_cast<int64_t>(Field(obj, l_.g_waitsince, 8));
  g.locked_to_thread = Field(obj, l_.g_lockedm, 8) != 0;
  g.gopc = Field(obj, l_.g_gopc, 8);
  g.startpc = Field(obj, l_.g_startpc, 8);
  if (l_.g_parent_goid) g.parent_goid = Field(obj, *l_.g_parent_goid, 8);
  g.waiting = Field(obj, l_.g_waiting, 8);
  g.stack_bounds = {Field(obj, l_.g_stack_lo, 8), Field(obj, l_.g_stack_hi, 8)};
  if (uint64_t mp = Field(obj, l_.g_m, 8)) g.m_id = static_cast<int64_t>(mem_.ReadPointer(mp + l_.m_id));
  if (auto* start = t_.symbolizer().Symbolize(g.startpc)) {
    g.system = IsRuntimeGoroutineStart(start->name);
  }
  if (g.id != 1 && g.gopc != 0) {
    auto f = t_.symbolizer().FindFunc(g.gopc);
    g.created_by_pc = g.gopc;
    // Like a return address: back up into the go statement's CALL.
    if (f) g.created_by = t_.symbolizer().Symbolize(g.gopc > t_.symbolizer().RuntimeEntry(*f) ? g.gopc - 1 : g.gopc);
  }
  ReadStack(g, obj);
  return true;
}

// Go prints the wait reason instead of "waiting" when there is one.
std::string Reader::StatusText(uint32_t status, uint64_t reason) const {
  bool waiting = status == l_.status.waiting || (l_.status.leaked && status == *l_.status.leaked);
  if (waiting && reason != 0)
    if (auto* r = reasons_.At(reason)) return *r;
  if (auto* s = statuses_.At(status)) return *s;
  return "???";
}

void Reader::ReadStack(Goroutine& g, std::span<const uint8_t> obj) const {
  uint32_t status = g.raw_status & ~l_.status.scan;
  uint64_t mp = Field(obj, l_.g_m, 8);
  if (mp != 0) {
    uint64_t vdso_sp = mem_.ReadPointer(mp + l_.m_vdso_sp);
    if (vdso_sp != 0 && g.stack_bounds.Contains(vdso_sp))
      return UnwindFrom(g, StackOrigin::kSyscall, mem_.ReadPointer(mp + l_.m_vdso_pc), vdso_sp, false);
  }
  uint64_t syscallsp = Field(obj, l_.g_syscallsp, 8);
  if (status == l_.status.syscall || (status != l_.status.running && syscallsp != 0))
    return UnwindFrom(g, StackOrigin::kSyscall, Field(obj, l_.g_syscallpc, 8), syscallsp, false);
  if (status == l_.status.running) return RunningStack(g, obj, mp);
  UnwindFrom(g, StackOrigin::kScheduler, Field(obj, l_.g_sched_pc, 8), Field(obj, l_.g_sched_sp, 8), false);
}

// A running goroutine's registers are in its thread's NT_PRSTATUS, unless the
// thread was in a signal handler (crash dumps) or on the system stack: then
// they are in the kernel's signal frame, or in g.sched.
void Reader::RunningStack(Goroutine& g, std::span<const uint8_t> obj, uint64_t mp) const {
  const CoreThread* thread = mp ? t_.ThreadById(static_cast<int64_t>(mem_.ReadPointer(mp + l_.m_procid))) : nullptr;
  if (thread && g.stack_bounds.Contains(thread->regs.sp()))
    return UnwindFrom(g, StackOrigin::kThread, thread->regs.pc(), thread->regs.sp(), true);
  if (thread) {
    for (uint64_t off : {l_.m_gsignal, l_.m_g0}) {
      auto bounds = GStack(mem_.ReadPointer(mp + off));
      if (!bounds || !bounds->Contains(thread->regs.sp())) continue;
      if (auto ctx = InterruptedContext(*bounds, thread->regs.pc(), thread->regs.sp());
          ctx && g.stack_bounds.Contains(ctx->sp))
        return UnwindFrom(g, StackOrigin::kSignalContext, ctx->pc, ctx->sp, true);
    }
  }
  uint64_t sched_sp = Field(obj, l_.g_sched_sp, 8);
  if (sched_sp != 0 && g.stack_bounds.Contains(sched_sp))
    return UnwindFrom(g, StackOrigin::kScheduler, Field(obj, l_.g_sched_pc, 8), sched_sp, false);
  g.stack_origin = StackOrigin::kUnavailable;
  g.stack_incomplete = "running on a thread whose registers do not reach its stack";
}

// Follows signal frames on a system stack until one interrupted code outside
// it. Crash dumps nest them: the SIGABRT that kills the process is handled
// inside the SIGQUIT handler that interrupted the goroutine.
std::optional<SignalContext> Reader::InterruptedContext(const StackBounds& sys, uint64_t pc, uint64_t sp) const {
  constexpr int kMaxNestedSignals = 8;
  for (int depth = 0; depth < kMaxNestedSignals; depth++) {
    auto frames = Unwind(mem_, t_.symbolizer(), pc, sp, true, sys, kMaxFrames);
    if (frames.frames.empty()) return std::nullopt;
    auto ctx = ReadSignalContext(mem_, frames.frames.back());
    if (!ctx || !sys.Contains(ctx->sp)) return ctx;
    pc = ctx->pc;
    sp = ctx->sp;
  }
  return std::nullopt;
}

void Reader::UnwindFrom(Goroutine& g, StackOrigin origin, uint64_t pc, uint64_t sp, bool trap) const {
  g.stack_origin = origin;
  auto s = Unwind(mem_, t_.symbolizer(), pc, sp, trap, g.stack_bounds, kMaxFrames, preempted_line_);
  g.frames = std::move(s.frames);
  g.stack_incomplete = std::move(s.incomplete);
}

std::optional<StackBounds> Reader::GStack(uint64_t gp) const {
  if (gp == 0) return std::nullopt;
  auto obj = mem_.View(gp, l_.g_size);
  if (obj.empty()) return std::nullopt;
  return StackBounds{Field(obj, l_.g_stack_lo, 8), Field(obj, l_.g_stack_hi, 8)};
}

// The runtime's monotonic clock at the moment of the dump is recorded
// nowhere. The last GC stored its time on both the wall and the monotonic
// clock, and the core file's modification time is the wall time of the dump:
// together they place the dump on the monotonic clock, as Go's traceback
// measured it (waitsince itself is only ever set by a GC). Without them, the
// newest runtime timestamp is a lower bound, so waits are never overstated.
void Reader::EstimateNow(GoroutineSnapshot& snap) const {
  int64_t lower = LatestRuntimeStamp(snap);
  snap.now_ns = lower;
  auto memstats = t_.MaybeGlobal("runtime.memstats");
  if (!memstats) return;
  try {
    auto gc_unix = static_cast<int64_t>(mem_.ReadPointer(*memstats + l_.mstats_last_gc_unix));
    auto gc_mono = static_cast<int64_t>(mem_.ReadPointer(*memstats + l_.mstats_last_gc_nanotime));
    int64_t written = t_.core().written_unix_ns();
    if (gc_unix == 0 || gc_mono == 0 || written < gc_unix) return;
    snap.now_ns = std::max(lower, gc_mono + (written - gc_unix));
    snap.now_from_file_time = true;
  } catch (const MemoryFault&) {
  }
}

int64_t Reader::LatestRuntimeStamp(const GoroutineSnapshot& snap) const {
  int64_t now = 0;
  for (const auto& g : snap.goroutines) now = std::max(now, g.wait_since_ns);
  if (auto sched = t_.MaybeGlobal("runtime.sched")) {
    try {
      now = std::max(now, static_cast<int64_t>(mem_.ReadPointer(*sched + l_.sched_lastpoll)));
    } catch (const MemoryFault&) {
    }
  }
  return now;
}

}  // namespace

GoroutineSnapshot ReadGoroutines(const Target& target) { return Reader(target).Read(); }

}  // namespace gf
