#include "readers/trace/order_v1.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "readers/trace/event_table_v1.h"
#include "readers/trace/raw_event_v1.h"

namespace gf::v1 {

namespace {

// One P's batches, decoded an event at a time. A batch runs from its header
// to the next batch header in the file, whichever P that is for.
class ProcStream {
 public:
  ProcStream(const ByteCursor& file, const std::vector<size_t>& batches, int64_t p)
      : file_(file), batches_(batches), p_(p), in_(file.At(0, 0)) {}

  std::optional<Event> head;
  bool Load();  // fills head; false at the P's end

 private:
  bool NextRaw(RawEvent& e);
  void Decode(const RawEvent& e, const EventSpec& spec);

  const ByteCursor& file_;
  const std::vector<size_t>& batches_;
  int64_t p_;
  size_t next_batch_ = 0;
  ByteCursor in_;
  bool in_batch_ = false;
  int64_t last_ticks_ = 0;
  uint64_t last_g_ = 0;  // the goroutine running on the P, across its batches
};

bool ProcStream::NextRaw(RawEvent& e) {
  for (;;) {
    if (in_batch_ && !in_.AtEnd()) {
      size_t at = in_.offset();
      ReadRawEvent(in_, e);
      if (e.type != kEvBatch) return true;
      in_.Rewind(at);
      in_batch_ = false;
    }
    if (next_batch_ == batches_.size()) return false;
    in_ = file_.At(batches_[next_batch_++], file_.offset() + file_.remaining());
    ReadRawEvent(in_, e);  // the header
    last_ticks_ = static_cast<int64_t>(e.v[1]);
    in_batch_ = true;
  }
}

void ProcStream::Decode(const RawEvent& e, const EventSpec& spec) {
  Event ev;
  ev.type = e.type;
  ev.p = p_;
  ev.g = last_g_;
  ev.offset = e.offset;
  ev.ticks = static_cast<int64_t>(static_cast<uint64_t>(last_ticks_) + e.v[0]);
  last_ticks_ = ev.ticks;
  for (unsigned i = 0; i < spec.args && i < ev.args.size(); ++i) ev.args[i] = e.v[1 + i];
  if (spec.stack) ev.stack = e.v[1 + spec.args];
  switch (e.type) {
    case kEvGoStart: case kEvGoStartLocal: case kEvGoStartLabel:
      last_g_ = ev.g = ev.args[0];
      break;
    case kEvGoEnd: case kEvGoStop: case kEvGoSched: case kEvGoPreempt: case kEvGoSleep: case kEvGoBlock:
    case kEvGoBlockSend: case kEvGoBlockRecv: case kEvGoBlockSelect: case kEvGoBlockSync: case kEvGoBlockCond:
    case kEvGoBlockNet: case kEvGoSysBlock: case kEvGoBlockGC:
      last_g_ = 0;
      break;
    case kEvGoSysExit: case kEvGoWaiting: case kEvGoInSyscall:
      ev.g = ev.args[0];
      break;
  }
  head = ev;
}

bool ProcStream::Load() {
  RawEvent e;
  while (NextRaw(e)) {
    const EventSpec& spec = *Spec(e.type);
    // Strings, stacks, the frequency and CPU samples are not in the stream.
    if (!spec.timed || e.type == kEvCPUSample) continue;
    Decode(e, spec);
    return true;
  }
  return false;
}

// Goroutine states and sequence numbers, as Go's v1 parser orders them.
enum class GStatus : uint8_t { kDead, kRunnable, kRunning, kWaiting };
struct GState {
  uint64_t seq = 0;
  GStatus status = GStatus::kDead;
};
constexpr uint64_t kUnordered = ~uint64_t{0};
constexpr uint64_t kGarbage = ~uint64_t{0} - 1;  // the GC's own sequence
constexpr uint64_t kNoSeq = ~uint64_t{0};
constexpr uint64_t kSeqInc = ~uint64_t{0} - 1;

struct Transition {
  uint64_t g = kUnordered;
  GState init, next;
};

Transition TransitionOf(const Event& ev) {
  using S = GStatus;
  switch (ev.type) {
    case kEvGoCreate: return {ev.args[0], {0, S::kDead}, {1, S::kRunnable}};
    case kEvGoWaiting: case kEvGoInSyscall: return {ev.g, {1, S::kRunnable}, {2, S::kWaiting}};
    case kEvGoStart: case kEvGoStartLabel:
      return {ev.g, {ev.args[1], S::kRunnable}, {ev.args[1] + 1, S::kRunning}};
    case kEvGoStartLocal: return {ev.g, {kNoSeq, S::kRunnable}, {kSeqInc, S::kRunning}};
    case kEvGoBlock: case kEvGoBlockSend: case kEvGoBlockRecv: case kEvGoBlockSelect: case kEvGoBlockSync:
    case kEvGoBlockCond: case kEvGoBlockNet: case kEvGoSleep: case kEvGoSysBlock: case kEvGoBlockGC:
      return {ev.g, {kNoSeq, S::kRunning}, {kNoSeq, S::kWaiting}};
    case kEvGoSched: case kEvGoPreempt: return {ev.g, {kNoSeq, S::kRunning}, {kNoSeq, S::kRunnable}};
    case kEvGoUnblock: case kEvGoSysExit:
      return {ev.args[0], {ev.args[1], S::kWaiting}, {ev.args[1] + 1, S::kRunnable}};
    case kEvGoUnblockLocal: case kEvGoSysExitLocal: return {ev.args[0], {kNoSeq, S::kWaiting}, {kSeqInc, S::kRunnable}};
    case kEvGCStart: return {kGarbage, {ev.args[0], S::kDead}, {ev.args[0] + 1, S::kDead}};
    default: return {};
  }
}

bool Ready(const Transition& t, const GState& cur) {
  return t.g == kUnordered || ((t.init.seq == kNoSeq || t.init.seq == cur.seq) && t.init.status == cur.status);
}

// Go's parser's binary heap on timestamps; the same heap, fed in the same
// order, breaks ties the same way.
struct Pending {
  Event ev;
  ProcStream* proc;
};
class Frontier {
 public:
  bool empty() const { return h_.empty(); }
  void Push(Pending p) {
    h_.push_back(std::move(p));
    for (size_t j = h_.size() - 1; j > 0;) {
      size_t i = (j - 1) / 2;
      if (!(h_[j].ev.ticks < h_[i].ev.ticks)) break;
      std::swap(h_[i], h_[j]);
      j = i;
    }
  }
  Pending Pop() {
    size_t n = h_.size() - 1;
    std::swap(h_[0], h_[n]);
    for (size_t i = 0;;) {
      size_t j = 2 * i + 1;
      if (j >= n) break;
      if (j + 1 < n && h_[j + 1].ev.ticks < h_[j].ev.ticks) ++j;
      if (!(h_[j].ev.ticks < h_[i].ev.ticks)) break;
      std::swap(h_[i], h_[j]);
      i = j;
    }
    Pending p = std::move(h_.back());
    h_.pop_back();
    return p;
  }

 private:
  std::vector<Pending> h_;
};

// Moves syscall exits to when the syscall really returned, which Go's
// parser does after ordering, with a stable sort on time. Events are held
// only until no later event can sort before them.
class SyscallExitSorter {
 public:
  SyscallExitSorter(const ByteCursor& file, const std::function<void(const Event&)>& sink) : file_(file), sink_(sink) {}
  void Add(Event ev);
  void Finish() { Flush(std::numeric_limits<int64_t>::max()); }

 private:
  void Flush(int64_t upto);

  const ByteCursor& file_;
  const std::function<void(const Event&)>& sink_;
  int64_t last_ticks_ = std::numeric_limits<int64_t>::min();
  uint64_t arrivals_ = 0;
  std::unordered_map<uint64_t, int64_t> last_block_;  // goroutine -> its last syscall block
  std::multiset<int64_t> open_blocks_;                 // blocks not yet exited
  std::unordered_map<uint64_t, std::multiset<int64_t>::iterator> open_by_g_;
  std::map<std::pair<int64_t, uint64_t>, Event> held_;  // (time, arrival) -> event
};

void SyscallExitSorter::Add(Event ev) {
  if (ev.ticks < last_ticks_) file_.FailAt(ev.offset, "timestamps out of order");
  last_ticks_ = ev.ticks;
  auto close = [&](uint64_t g) {
    if (auto it = open_by_g_.find(g); it != open_by_g_.end()) {
      open_blocks_.erase(it->second);
      open_by_g_.erase(it);
    }
  };
  if (ev.type == kEvGoSysBlock || ev.type == kEvGoInSyscall) {
    last_block_[ev.g] = ev.ticks;
    close(ev.g);
    open_by_g_[ev.g] = open_blocks_.insert(ev.ticks);
  } else if (ev.type == kEvGoSysExit) {
    close(ev.g);
    if (int64_t real = static_cast<int64_t>(ev.args[2]); real != 0) {
      auto block = last_block_.find(ev.g);
      if (block == last_block_.end() || block->second == 0) file_.FailAt(ev.offset, "syscall exit without a syscall");
      if (real < block->second) file_.FailAt(ev.offset, "syscall exit before its syscall blocked");
      ev.ticks = real;
    }
  }
  held_.emplace(std::pair{ev.ticks, arrivals_++}, ev);
  // Later events come no earlier than this one, and later exits no earlier
  // than the blocks still open.
  Flush(open_blocks_.empty() ? last_ticks_ : std::min(last_ticks_, *open_blocks_.begin()));
}

void SyscallExitSorter::Flush(int64_t upto) {
  while (!held_.empty() && held_.begin()->first.first <= upto) {
    sink_(held_.begin()->second);
    held_.erase(held_.begin());
  }
}

uint8_t PlainType(uint8_t type) {
  switch (type) {
    case kEvGoStartLocal: return kEvGoStart;
    case kEvGoUnblockLocal: return kEvGoUnblock;
    case kEvGoSysExitLocal: return kEvGoSysExit;
    default: return type;
  }
}

}  // namespace

void OrderEvents(const ByteCursor& file, const Index& index, const std::function<void(const Event&)>& sink) {
  std::vector<ProcStream> procs;
  procs.reserve(index.batches.size());
  for (const auto& [p, batches] : index.batches) procs.emplace_back(file, batches, p);
  std::vector<ProcStream*> available;
  for (auto& p : procs) available.push_back(&p);
  std::unordered_map<uint64_t, GState> gs;
  Frontier frontier;
  SyscallExitSorter sorter(file, sink);
  size_t done = 0;
  for (;;) {
    // Every P whose next event is ready puts it in the frontier; as in Go's
    // parser, a P is taken out of `available` while its event is there.
    for (size_t i = 0; i < available.size(); ++i) {
      ProcStream* proc = available[i];
      if (!proc->head && !proc->Load()) {
        ++done;
        available[i--] = available.back();
        available.pop_back();
        continue;
      }
      Transition t = TransitionOf(*proc->head);
      if (t.g != kUnordered && !Ready(t, gs[t.g])) continue;
      frontier.Push({*proc->head, proc});
      proc->head.reset();
      available[i--] = available.back();
      available.pop_back();
    }
    if (frontier.empty()) {
      if (done != procs.size()) file.Fail("no consistent ordering of the trace's events is possible");
      break;
    }
    Pending f = frontier.Pop();
    Transition t = TransitionOf(f.ev);
    f.ev.type = PlainType(f.ev.type);
    if (t.g != kUnordered) {
      GState& cur = gs[t.g];
      if (!Ready(t, cur)) file.FailAt(f.ev.offset, "impossible goroutine state transition");
      if (t.next.seq == kNoSeq) t.next.seq = cur.seq;
      else if (t.next.seq == kSeqInc) t.next.seq = cur.seq + 1;
      cur = t.next;
    }
    sorter.Add(f.ev);
    available.push_back(f.proc);
  }
  sorter.Finish();
}

}  // namespace gf::v1
