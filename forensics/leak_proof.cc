#include "forensics/leak_proof.h"

#include <elf.h>

#include <algorithm>
#include <cstring>

#include "gruntime/go_types.h"
#include "gruntime/target.h"

namespace gf {

LeakProver::LeakProver(const Target& target, const GoroutineSnapshot& goroutines, const HeapSnapshot& heap)
    : target_(target), snap_(goroutines), heap_(heap), marker_(target.memory(), heap.heap, nullptr), stacks_(target) {}

// Roots: every writable segment of the core outside the heap's arenas (data,
// bss, off-heap runtime memory such as finalizer records and timers), like
// the collector's: it scans no arena memory but objects it reaches and the
// stacks of goroutines, never free pages, the threads' system stacks (other
// than m0's, in arena spans) or GC work buffers. Objects are reached only
// through pointers, and goroutine stacks join the roots one by one as their
// goroutines may run.
void LeakProver::MarkRoots() {
  struct Range {
    uint64_t lo, hi;
  };
  std::vector<Range> excluded;
  for (uint64_t base : heap_.heap.arena_bases()) excluded.push_back({base, base + heap_.heap.arena_bytes()});
  // The main thread's system stack (runtime.g0's; the other threads' lie in
  // arenas) holds the runtime's stale work, which the collector never
  // scans either.
  if (auto g0 = target_.MaybeGlobal("runtime.g0")) {
    const auto& l = target_.layouts();
    auto stack = target_.memory().View(*g0 + l.g_stack_lo, 16);
    if (!stack.empty()) {
      Range r;
      std::memcpy(&r.lo, stack.data() + 0, 8);
      std::memcpy(&r.hi, stack.data() + (l.g_stack_hi - l.g_stack_lo), 8);
      excluded.push_back(r);
    }
  }
  std::sort(excluded.begin(), excluded.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  for (const auto& seg : target_.core().segments()) {
    if (!(seg.flags & PF_W)) continue;
    uint64_t at = seg.vaddr, hi = seg.vaddr + seg.memsz;
    auto next = std::lower_bound(excluded.begin(), excluded.end(), at,
                                 [](const Range& r, uint64_t a) { return r.lo < a; });
    if (next != excluded.begin()) --next;  // one that starts before may reach in
    for (; at < hi && next != excluded.end() && next->lo < hi; ++next) {
      if (next->hi <= at) continue;
      if (next->lo > at) marker_.MarkRange(at, next->lo);
      at = std::max(at, next->hi);
    }
    if (at < hi) marker_.MarkRange(at, hi);
  }
}

// The stack is viewed once; its ranges are slices of that view.
void LeakProver::MarkStack(const Goroutine& g, HeapMarker& marker) const {
  const StackBounds& b = g.stack_bounds;
  auto stack = b.hi > b.lo ? target_.memory().View(b.lo, b.hi - b.lo) : std::span<const uint8_t>();
  for (const auto& r : stacks_.Ranges(g)) {
    if (!stack.empty() && r.lo >= b.lo && r.lo <= r.hi && r.hi <= b.hi)
      marker.MarkWords(stack.subspan(r.lo - b.lo, r.hi - r.lo));
    else
      marker.MarkRange(r.lo, r.hi);
  }
}

// Like the runtime's isMarkedOrNotInHeap: a primitive outside the heap (a
// global, a stack slot) or unknown is taken as reachable.
bool LeakProver::Wakeable(const WaitObjects& w) const {
  using K = WaitObjects::Kind;
  if (w.kind == K::kNotBlocked) return true;
  if (w.kind == K::kForever) return false;
  if (w.addresses.empty()) return true;
  for (uint64_t a : w.addresses) {
    auto object = heap_.heap.Find(a);
    if (!object || marker_.Marked(*object)) return true;
  }
  return false;
}

// Before Go 1.23 (or with asynctimerchan=1) timer channels are plain
// channels of time.Time: a wait on one is a wait for a timer, which fires.
void LeakProver::MarkTimerChannels() {
  GoTypes types(target_, heap_.layouts);
  for (auto& w : proof_.waits)
    for (uint64_t t : w.element_types)
      if (auto d = types.Read(t); d && d->name == "time.Time") w.timer_channel = true;
}

// Lets every still-leaked goroutine that `may_run` accepts run: its stack
// joins the roots. Returns whether any did.
template <typename MayRun>
bool LeakProver::Release(MayRun may_run, WakeSource source) {
  bool any = false;
  const auto& gs = snap_.goroutines;
  for (size_t i = 0; i < gs.size(); ++i) {
    if (proof_.verdicts[i] == LeakVerdict::kMayRun || !may_run(i)) continue;
    proof_.verdicts[i] = LeakVerdict::kMayRun;
    proof_.wake[i] = source;
    MarkStack(gs[i], marker_);
    any = true;
  }
  marker_.Drain();
  ++proof_.fixpoint_rounds;
  return any;
}

const LeakProof& LeakProver::Prove() {
  WaitObjectReader reader(target_);
  const auto& gs = snap_.goroutines;
  proof_.waits.reserve(gs.size());
  for (const auto& g : gs) proof_.waits.push_back(reader.Read(g));
  MarkTimerChannels();
  for (size_t i = 0; i < gs.size(); ++i) {
    if (auto o = heap_.heap.Find(gs[i].address)) marker_.SetOpaque(*o);
    for (uint64_t s : proof_.waits[i].sudogs)
      if (auto o = heap_.heap.Find(s)) marker_.SetOpaque(*o);
  }
  MarkRoots();
  marker_.Drain();
  proof_.verdicts.assign(gs.size(), LeakVerdict::kLeaked);
  proof_.wake.assign(gs.size(), WakeSource::kNone);
  // First what the roots alone can wake, then the goroutines that are not
  // blocked at all, then whatever those wake, to the fixpoint.
  Release([&](size_t i) { return proof_.waits[i].kind != WaitObjects::Kind::kNotBlocked && Wakeable(proof_.waits[i]); },
          WakeSource::kRoots);
  Release([&](size_t i) { return proof_.waits[i].kind == WaitObjects::Kind::kNotBlocked; }, WakeSource::kNotBlocked);
  while (Release([&](size_t i) { return Wakeable(proof_.waits[i]); }, WakeSource::kGoroutine)) {
  }
  bool any_user_runs = false, main_parked_by_design = false;
  for (size_t i = 0; i < gs.size(); ++i) {
    if (proof_.verdicts[i] == LeakVerdict::kLeaked) ++proof_.leaked;
    else if (!gs[i].system) any_user_runs = true;
    if (gs[i].id == 1 && gs[i].status == "select (no cases)") main_parked_by_design = true;
  }
  // A main that parks itself in select {} has chosen to wait forever (for a
  // signal, a timer's callback): that is not a deadlock.
  proof_.deadlock = proof_.leaked > 0 && !any_user_runs && !main_parked_by_design;
  return proof_;
}

uint64_t LeakProver::RetainedBy(const std::vector<size_t>& goroutines) const {
  HeapMarker marker = marker_;
  for (size_t i : goroutines)
    if (proof_.verdicts[i] == LeakVerdict::kLeaked) MarkStack(snap_.goroutines[i], marker);
  marker.Drain();
  return marker.marked_bytes() - marker_.marked_bytes();
}

}  // namespace gf
