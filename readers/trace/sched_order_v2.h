#pragma once
// What Go's parser (internal/trace's ordering) knows of the scheduler while
// it merges the threads of a Go 1.22+ trace: each P's and goroutine's status
// and sequence number, and the GC cycle. Threads' clocks are not in step,
// and a thread may write an event before the one on another thread that
// made it possible (a P stolen from a syscall is written by the thief,
// possibly after the victim already wrote that its syscall ended). So Go
// takes the earliest event only when what it requires holds: a GoStart or
// GoUnblock the goroutine's next sequence number, a ProcStart an idle P, a
// ProcSteal a P in a syscall, a GoSyscallEndBlocked a thread whose P left
// the syscall, a GC event the next cycle. Otherwise a later event of another
// thread goes first. This class answers that question and keeps the states.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <unordered_map>

namespace gf::v2 {

constexpr uint64_t kNone = std::numeric_limits<uint64_t>::max();  // no goroutine / no proc / no thread

// An event as decoded from a batch: raw arguments, a[0] being the time delta.
struct RawEvent {
  uint8_t type = 0;
  size_t offset = 0;
  std::array<uint64_t, 6> a{};
  int64_t time = 0;
};

// The goroutine and proc a thread (M) is running; persists across generations.
struct ThreadContext {
  uint64_t g = kNone;
  uint64_t p = kNone;
};

class SchedOrder {
 public:
  // Whether Go's parser can take `e` now, from a thread in context `ctx`,
  // in generation `gen` (`first_gen`: the trace's first).
  bool Ready(const RawEvent& e, const ThreadContext& ctx, uint64_t gen, bool first_gen) const;

  // Records what `e`, taken from a thread in context `ctx` (as it was
  // before the event), did to the Ps, the goroutines and the GC cycle.
  void Apply(const RawEvent& e, const ThreadContext& ctx, uint64_t gen);

 private:
  // Go's tracev2.ProcStatus and tracev2.GoStatus values.
  enum class Proc : uint8_t { kBad, kRunning, kIdle, kSyscall, kSyscallAbandoned };
  enum class Go : uint8_t { kBad, kRunnable, kRunning, kSyscall, kWaiting };
  enum class Gc : uint8_t { kUndetermined, kNotRunning, kRunning };

  // A resource's sequence number, local to a generation.
  struct Seq {
    uint64_t gen = 0, n = 0;
    bool Follows(const Seq& prev) const { return gen == prev.gen && n == prev.n + 1; }
  };
  template <typename Status>
  struct State {
    Status status{};
    Seq seq;
  };

  bool ProcIs(uint64_t p, Proc status, Seq seq) const;
  bool GoIs(uint64_t g, Go status, Seq seq) const;
  void SetGo(uint64_t g, Go status) { goroutines_[g].status = status; }

  std::unordered_map<uint64_t, State<Proc>> procs_;
  std::unordered_map<uint64_t, State<Go>> goroutines_;
  Gc gc_ = Gc::kUndetermined;
  uint64_t gc_seq_ = 0;
};

}  // namespace gf::v2
