#include "forensics/leak_proof.h"

#include "gruntime/go_types.h"
#include "gruntime/target.h"

namespace gf {
namespace {

constexpr uint32_t kNoNode = UINT32_MAX;

}  // namespace

LeakProver::LeakProver(const Target& target, const GoroutineSnapshot& goroutines, const HeapSnapshot& heap,
                       const GcRoots& roots, const HeapGraph& graph, const EdgeLists& edges)
    : target_(target), snap_(goroutines), heap_(heap), roots_(roots), graph_(graph), marker_(edges) {}

// Every root but the goroutine stacks, which join one by one as their
// goroutines may run.
void LeakProver::MarkRoots() {
  stack_nodes_.assign(snap_.goroutines.size(), kNoNode);
  for (size_t r = 0; r < roots_.size(); ++r) {
    const GcRoot& root = roots_.roots[r];
    if (root.kind == GcRoot::Kind::kGoroutine) stack_nodes_[root.goroutine] = graph_.RootNode(r);
    else marker_.Mark(graph_.RootNode(r));
  }
}

void LeakProver::MarkStack(size_t goroutine, GraphMarker& marker) const {
  if (stack_nodes_[goroutine] != kNoNode) marker.Mark(stack_nodes_[goroutine]);
}

void LeakProver::SetOpaque(uint64_t address) {
  if (auto o = heap_.heap.Find(address)) marker_.SetOpaque(graph_.ObjectNode(*o));
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
    if (!object || marker_.Marked(graph_.ObjectNode(*object))) return true;
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
    MarkStack(i, marker_);
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
    SetOpaque(gs[i].address);
    for (uint64_t s : proof_.waits[i].sudogs) SetOpaque(s);
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
  GraphMarker marker = marker_;
  for (size_t i : goroutines)
    if (proof_.verdicts[i] == LeakVerdict::kLeaked) MarkStack(i, marker);
  marker.Drain();
  uint64_t bytes = 0;
  marker.ForEachMarkedBeyond(marker_, [&](uint32_t node) {
    if (graph_.IsObject(node)) bytes += heap_.heap.size(graph_.ObjectOf(node));
  });
  return bytes;
}

}  // namespace gf
