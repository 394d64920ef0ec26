#include "readers/trace/reader_v2.h"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "readers/trace/byte_cursor.h"
#include "readers/trace/event_table_v2.h"
#include "readers/trace/generation_v2.h"
#include "readers/trace/sched_order_v2.h"

namespace gf::v2 {

namespace {

// Walks one thread's batches of a generation, one event at a time.
struct Cursor {
  const ThreadBatches* thread = nullptr;
  ThreadContext* context = nullptr;  // the thread's; null for events outside any thread
  size_t next_batch = 0;
  ByteCursor data;
  int64_t last_time = 0;
  RawEvent ev;
};

class Frontier;

GoState StateOfStatus(uint64_t status) {
  switch (status) {
    case 1: return GoState::kRunnable;
    case 2: return GoState::kRunning;
    case 3: return GoState::kSyscall;
    case 4: return GoState::kWaiting;
    default: return GoState::kUndetermined;
  }
}

class Reader {
 public:
  Reader(const MappedFile& file, const TraceVersion& version, StackTable& stacks, TraceVisitor& visitor)
      : mapping_(file), path_(file.path()), file_(file.bytes()), version_(version), stacks_(stacks), visitor_(visitor) {}

  void Run();

 private:
  int64_t Ticks(uint64_t t, const ByteCursor& at, size_t offset) const;
  bool Advance(Cursor& c);
  void ReadEvent(Cursor& c);
  bool Ready(const Cursor& c);
  size_t NextReady(Frontier& frontier);
  void Dispatch(const RawEvent& e, uint64_t m, ThreadContext* thread);
  void DispatchGoroutine(const RawEvent& e, const EventSpec& spec, ThreadContext& ctx, uint64_t m);
  void GoStatus(const RawEvent& e, const EventSpec& spec, ThreadContext& ctx, uint64_t m);
  void Transition(const RawEvent& e, uint64_t goid, GoState from, GoState to, StackId stack = 0,
                  StackId event_stack = 0, std::string_view reason = {});
  void Emit(TraceEvent ev);
  void Sync(int64_t time);
  void Tick(int64_t time);  // an event Go returns that we do not model
  StackId Stack(const RawEvent& e, int arg) const;
  std::string_view String(const RawEvent& e, int arg) const;
  ThreadContext& Thread(uint64_t m) { return threads_[m]; }
  [[noreturn]] void Fail(const RawEvent& e, const std::string& problem) const {
    ByteCursor(path_, file_, 0, 0).FailAt(e.offset, problem);
  }

  const MappedFile& mapping_;
  const std::string& path_;
  std::span<const uint8_t> file_;
  const TraceVersion& version_;
  StackTable& stacks_;
  TraceVisitor& visitor_;
  Generation gen_;
  uint64_t first_gen_ = 0;
  std::unordered_set<uint64_t> first_gen_goroutines_;  // known in the first generation
  std::unordered_map<uint64_t, ThreadContext> threads_;
  SchedOrder order_;
  std::string_view stw_kind_;
  int64_t last_time_ = 0;
  int64_t proc_ = -1;   // the P of the thread whose event is being dispatched
  uint64_t syncs_ = 0;  // Sync events so far
};

int64_t Reader::Ticks(uint64_t t, const ByteCursor& at, size_t offset) const {
  double ns = static_cast<double>(t) * gen_.ns_per_tick();
  if (!(ns < 9.0e18)) at.FailAt(offset, "timestamp out of range");
  return static_cast<int64_t>(ns);
}

void Reader::ReadEvent(Cursor& c) {
  RawEvent& e = c.ev;
  e.offset = c.data.offset();
  e.type = c.data.Byte();
  const EventSpec* spec = Spec(e.type, version_.minor);
  if (spec == nullptr) c.data.FailAt(e.offset, "unknown event type " + std::to_string(e.type));
  if (!spec->timed) c.data.FailAt(e.offset, std::string(spec->name) + " event inside an event batch");
  for (int i = 0; i < spec->args; ++i) e.a[i] = c.data.Uvarint();
  int64_t dt = Ticks(e.a[0], c.data, e.offset);
  if (__builtin_add_overflow(c.last_time, dt, &e.time)) c.data.FailAt(e.offset, "timestamp out of range");
  c.last_time = e.time;
}

// Go's batch cursor: the next event of the thread, moving on to its next
// batch (whose base time restarts the deltas) when one is used up.
bool Reader::Advance(Cursor& c) {
  while (c.data.AtEnd()) {
    if (c.next_batch == c.thread->batches.size()) return false;
    const BatchRef& b = c.thread->batches[c.next_batch++];
    c.data = ByteCursor(path_, file_, b.data_begin, b.data_end);
    c.last_time = Ticks(b.time, c.data, b.data_begin);
  }
  ReadEvent(c);
  return true;
}

StackId Reader::Stack(const RawEvent& e, int arg) const {
  if (arg == kNoArg || e.a[arg] == 0) return 0;
  auto it = gen_.stacks.find(e.a[arg]);
  if (it == gen_.stacks.end()) {
    Fail(e, "event refers to unknown stack id " + std::to_string(e.a[arg]));
  }
  return it->second;
}

std::string_view Reader::String(const RawEvent& e, int arg) const {
  if (arg == kNoArg || e.a[arg] == 0) return {};
  auto it = gen_.strings.find(e.a[arg]);
  if (it == gen_.strings.end()) {
    Fail(e, "event refers to unknown string id " + std::to_string(e.a[arg]));
  }
  return it->second;
}

// Go's parser makes every event it returns strictly later than the previous
// one; doing the same keeps our timestamps identical to its.
void Reader::Tick(int64_t time) { last_time_ = time <= last_time_ ? last_time_ + 1 : time; }

void Reader::Emit(TraceEvent ev) {
  Tick(ev.time_ns);
  ev.time_ns = last_time_;
  ev.proc = proc_;
  visitor_.OnEvent(ev);
}

// Go's parser opens every generation with a Sync event and ends the trace
// with one, outside any P.
void Reader::Sync(int64_t time) {
  TraceEvent ev;
  ev.kind = TraceEventKind::kSync;
  ev.time_ns = time;
  ev.value = ++syncs_;
  proc_ = -1;
  Emit(ev);
}

void Reader::Transition(const RawEvent& e, uint64_t goid, GoState from, GoState to, StackId stack,
                        StackId event_stack, std::string_view reason) {
  Emit(GoTransition(e.time, goid, from, to, stack, event_stack, reason));
}

// A goroutine's status as of the generation's start, written the first time
// the generation touches it. Only in the first generation is its previous
// state unknown to the reader.
void Reader::GoStatus(const RawEvent& e, const EventSpec& spec, ThreadContext& ctx, uint64_t m) {
  uint64_t goid = e.a[1], mid = e.a[2];
  GoState to = StateOfStatus(e.a[3]);
  if (to == GoState::kUndetermined) {
    Fail(e, "invalid goroutine status " + std::to_string(e.a[3]));
  }
  GoState from = to;
  if (gen_.number == first_gen_ && first_gen_goroutines_.insert(goid).second) from = GoState::kUndetermined;
  if (to == GoState::kRunning) ctx.g = goid;
  if (to == GoState::kSyscall) (mid == m ? ctx : Thread(mid)).g = goid;
  StackId stack = Stack(e, spec.stack);
  Transition(e, goid, from, to, stack, stack);
}

void Reader::DispatchGoroutine(const RawEvent& e, const EventSpec& spec, ThreadContext& ctx, uint64_t m) {
  StackId here = Stack(e, spec.stack);
  uint64_t cur = ctx.g;
  switch (e.type) {
    case kEvGoCreate:
    case kEvGoCreateBlocked:
      if (gen_.number == first_gen_) first_gen_goroutines_.insert(e.a[1]);
      Transition(e, e.a[1], GoState::kNotExist, e.type == kEvGoCreate ? GoState::kRunnable : GoState::kWaiting,
                 Stack(e, spec.new_stack), here);
      return;
    case kEvGoCreateSyscall:
      if (gen_.number == first_gen_) first_gen_goroutines_.insert(e.a[1]);
      ctx.g = e.a[1];
      return Transition(e, e.a[1], GoState::kNotExist, GoState::kSyscall);
    case kEvGoStart:
      ctx.g = e.a[1];
      return Transition(e, e.a[1], GoState::kRunnable, GoState::kRunning);
    case kEvGoDestroy:
      ctx.g = kNone;
      return Transition(e, cur, GoState::kRunning, GoState::kNotExist);
    case kEvGoDestroySyscall:
      if (ctx.p != kNone) Tick(e.time);  // Go first returns the proc's implied steal
      ctx = ThreadContext{};
      return Transition(e, cur, GoState::kSyscall, GoState::kNotExist);
    case kEvGoStop:
    case kEvGoBlock:
      ctx.g = kNone;
      return Transition(e, cur, GoState::kRunning, e.type == kEvGoStop ? GoState::kRunnable : GoState::kWaiting,
                        here, here, String(e, spec.string));
    case kEvGoUnblock:
      return Transition(e, e.a[1], GoState::kWaiting, GoState::kRunnable, 0, here);
    case kEvGoSyscallBegin:
      return Transition(e, cur, GoState::kRunning, GoState::kSyscall, here, here);
    case kEvGoSyscallEnd:
      return Transition(e, cur, GoState::kSyscall, GoState::kRunning);
    case kEvGoSyscallEndBlocked:
      ctx.g = kNone;
      return Transition(e, cur, GoState::kSyscall, GoState::kRunnable);
    case kEvGoSwitch:
    case kEvGoSwitchDestroy:
      // A coroutine switch: Go reports the target's wakeup, the current
      // goroutine's block (or end) and the target's start, in that order.
      Transition(e, e.a[1], GoState::kWaiting, GoState::kRunnable);
      Transition(e, cur, GoState::kRunning, e.type == kEvGoSwitch ? GoState::kWaiting : GoState::kNotExist);
      ctx.g = e.a[1];
      return Transition(e, e.a[1], GoState::kRunnable, GoState::kRunning);
    case kEvGoStatus:
    case kEvGoStatusStack:
      return GoStatus(e, spec, ctx, m);
  }
}

bool Reader::Ready(const Cursor& c) {
  return order_.Ready(c.ev, c.context ? *c.context : ThreadContext{}, gen_.number, gen_.number == first_gen_);
}

void Reader::Dispatch(const RawEvent& e, uint64_t m, ThreadContext* thread) {
  const EventSpec& spec = *Spec(e.type, version_.minor);
  // Events written outside any thread change no thread's context.
  ThreadContext outside;
  ThreadContext& ctx = thread ? *thread : outside;
  order_.Apply(e, ctx, gen_.number);
  // Go gives an event the context its thread had before the event.
  proc_ = ctx.p == kNone ? -1 : static_cast<int64_t>(ctx.p);
  TraceEvent ev;
  ev.time_ns = e.time;
  switch (e.type) {
    case kEvProcStart:
      ctx.p = e.a[1];
      ev.kind = TraceEventKind::kProcStart;
      ev.value = e.a[1];
      return Emit(ev);
    case kEvProcStop:
      ev.kind = TraceEventKind::kProcStop;
      ev.value = ctx.p;
      ctx.p = kNone;
      return Emit(ev);
    case kEvProcSteal: {
      ThreadContext& victim = e.a[3] == m ? ctx : Thread(e.a[3]);
      if (victim.p == e.a[1]) victim.p = kNone;
      return Tick(e.time);
    }
    case kEvProcStatus:
      if (e.a[2] == 1 || e.a[2] == 3) ctx.p = e.a[1];  // running or in a syscall
      return Tick(e.time);
    case kEvSTWBegin:
      stw_kind_ = String(e, spec.string);
      ev.kind = TraceEventKind::kStwBegin;
      ev.reason = stw_kind_;
      ev.event_stack = Stack(e, spec.stack);
      return Emit(ev);
    case kEvSTWEnd:
      ev.kind = TraceEventKind::kStwEnd;
      ev.reason = stw_kind_;
      return Emit(ev);
    case kEvGCBegin:
    case kEvGCEnd:
      ev.kind = e.type == kEvGCBegin ? TraceEventKind::kGcBegin : TraceEventKind::kGcEnd;
      ev.value = e.a[1];
      ev.event_stack = Stack(e, spec.stack);
      return Emit(ev);
    case kEvHeapAlloc:
    case kEvHeapGoal:
      ev.kind = e.type == kEvHeapAlloc ? TraceEventKind::kHeapAlloc : TraceEventKind::kHeapGoal;
      ev.value = e.a[1];
      return Emit(ev);
    case kEvProcsChange:
      ev.kind = TraceEventKind::kGomaxprocs;
      ev.value = e.a[1];
      return Emit(ev);
    case kEvGoLabel:
      ev.kind = TraceEventKind::kGoLabel;
      ev.goid = ctx.g;
      ev.reason = String(e, spec.string);
      return Emit(ev);
    case kEvGCMarkAssistBegin:
    case kEvGCMarkAssistEnd:
      ev.kind = e.type == kEvGCMarkAssistBegin ? TraceEventKind::kMarkAssistBegin : TraceEventKind::kMarkAssistEnd;
      ev.goid = ctx.g;
      return Emit(ev);
    case kEvGCMarkAssistActive:
      ev.kind = TraceEventKind::kMarkAssistActive;
      ev.goid = e.a[1];
      ev.value = ctx.g;
      return Emit(ev);
  }
  if (e.type >= kEvGoCreate && e.type <= kEvGoStatus) return DispatchGoroutine(e, spec, ctx, m);
  if (e.type >= kEvGoSwitch && e.type <= kEvGoStatusStack) return DispatchGoroutine(e, spec, ctx, m);
  Tick(e.time);
}

// Go's parser merges the threads' events with a binary min-heap on time;
// the same heap, updated the same way, breaks ties the same way.
class Frontier {
 public:
  void Insert(Cursor* c) {
    heap_.push_back(c);
    SiftUp(heap_.size() - 1);
  }
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  Cursor* at(size_t i) const { return heap_[i]; }
  // After the cursor at i moved on to a later event.
  void Update(size_t i) {
    if (SiftUp(i) == i) SiftDown(i);
  }
  void Remove(size_t i) {
    for (; i > 0; i = (i - 1) / 2) std::swap(heap_[(i - 1) / 2], heap_[i]);
    std::swap(heap_[0], heap_.back());
    heap_.pop_back();
    SiftDown(0);
  }
  // Go sorts the heap (still a heap) when its earliest event cannot be
  // taken, and tries the others in time order. Its sort keeps equal times in
  // place up to 12 threads (insertion sort), as a stable sort does.
  void Sort() {
    std::stable_sort(heap_.begin(), heap_.end(), [](Cursor* x, Cursor* y) { return x->ev.time < y->ev.time; });
  }

 private:
  size_t SiftUp(size_t i) {
    while (i > 0 && heap_[(i - 1) / 2]->ev.time > heap_[i]->ev.time) {
      std::swap(heap_[(i - 1) / 2], heap_[i]);
      i = (i - 1) / 2;
    }
    return i;
  }
  void SiftDown(size_t i) {
    for (;;) {
      size_t m = i;
      int64_t min_time = i < heap_.size() ? heap_[i]->ev.time : std::numeric_limits<int64_t>::max();
      for (size_t k : {2 * i + 1, 2 * i + 2}) {
        if (k < heap_.size() && heap_[k]->ev.time < min_time) {
          min_time = heap_[k]->ev.time;
          m = k;
        }
      }
      if (m == i) return;
      std::swap(heap_[i], heap_[m]);
      i = m;
    }
  }
  std::vector<Cursor*> heap_;
};

// The frontier's index of the event Go takes next: the earliest, unless
// what it requires has not happened yet.
size_t Reader::NextReady(Frontier& frontier) {
  if (Ready(*frontier.at(0))) return 0;
  frontier.Sort();
  for (size_t i = 1; i < frontier.size(); ++i) {
    if (Ready(*frontier.at(i))) return i;
  }
  Fail(frontier.at(0)->ev, "broken trace: no thread's next event can happen next (" +
                               std::string(Spec(frontier.at(0)->ev.type, version_.minor)->name) + " waits)");
}

void Reader::Run() {
  ByteCursor in(path_, file_, version_.header_size, file_.size());
  while (ScanGeneration(in, version_, stacks_, gen_)) {
    if (first_gen_ == 0) first_gen_ = gen_.number;
    if (gen_.number != first_gen_) first_gen_goroutines_.clear();
    std::vector<Cursor> cursors(gen_.threads.size(), Cursor{nullptr, nullptr, 0, ByteCursor(path_, file_, 0, 0), 0, {}});
    Frontier frontier;
    for (size_t i = 0; i < cursors.size(); ++i) {
      cursors[i].thread = &gen_.threads[i];
      // The map's elements stay where they are as it grows.
      if (uint64_t m = gen_.threads[i].m; m != kNone) cursors[i].context = &Thread(m);
      if (Advance(cursors[i])) frontier.Insert(&cursors[i]);
    }
    Sync(Ticks(gen_.min_time, in, in.offset()));
    while (!frontier.empty()) {
      size_t i = NextReady(frontier);
      Cursor* c = frontier.at(i);
      Dispatch(c->ev, c->thread->m, c->context);
      if (Advance(*c)) frontier.Update(i);
      else frontier.Remove(i);
    }
    // Read pages need not stay resident: a trace may be larger than memory.
    mapping_.DropResidentPages();
  }
  Sync(last_time_);
}

}  // namespace

void ReadEvents(const MappedFile& file, const TraceVersion& version, StackTable& stacks, TraceVisitor& visitor) {
  Reader(file, version, stacks, visitor).Run();
}

}  // namespace gf::v2
