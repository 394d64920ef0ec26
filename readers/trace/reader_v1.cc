#include "readers/trace/reader_v1.h"

#include <array>
#include <deque>
#include <set>
#include <string>
#include <unordered_set>

#include "readers/read_error.h"
#include "readers/trace/event_table_v1.h"
#include "readers/trace/index_v1.h"
#include "readers/trace/order_v1.h"

namespace gf::v1 {

namespace {

// Block reasons and stop-the-world kinds as Go's parser names them when it
// converts an old trace to the new model.
std::string_view BlockReason(uint8_t type) {
  switch (type) {
    case kEvGoStop: return "forever";
    case kEvGoSched: return "runtime.Gosched";
    case kEvGoPreempt: return "preempted";
    case kEvGoSleep: return "sleep";
    case kEvGoBlockSend: return "chan send";
    case kEvGoBlockRecv: return "chan receive";
    case kEvGoBlockSelect: return "select";
    case kEvGoBlockSync: return "sync";
    case kEvGoBlockCond: return "sync.(*Cond).Wait";
    case kEvGoBlockNet: return "network";
    case kEvGoBlockGC: return "GC mark assist wait for work";
    default: return "";
  }
}

std::string_view StwKind(int minor, uint64_t kind) {
  static constexpr std::array<std::string_view, 17> kKinds = {
      "", "GC mark termination", "GC sweep termination", "write heap dump", "goroutine profile",
      "goroutine profile cleanup", "all goroutine stack trace", "read mem stats", "AllThreadsSyscall",
      "GOMAXPROCS", "start trace", "stop trace", "CountPagesInUse (test)", "ReadMetricsSlow (test)",
      "ReadMemStatsSlow (test)", "PageCachePagesLeaked (test)", "ResetDebugLog (test)"};
  if (minor < 21) return kind <= 1 ? kKinds[kind + 1] : kKinds[0];  // Go 1.19/1.20: 0 mark, 1 sweep termination
  return kind < kKinds.size() ? kKinds[kind] : kKinds[0];
}

// The P ids Go's old-format parser gives events that no P of the program
// wrote: wakeups by the network poller and returns from system calls.
constexpr int64_t kNetpollP = 1000002;
constexpr int64_t kSyscallP = 1000003;

// Turns the ordered old events into the model the way Go's parser converts
// an old trace: goroutines found running or blocked at the start get a
// status event, syscalls that did not block become a begin and an end, and
// times become nanoseconds since the first event, strictly increasing.
class Converter {
 public:
  Converter(const std::string& source, const TraceVersion& version, const Index& index, TraceVisitor& visitor)
      : source_(source), minor_(version.minor), index_(index), visitor_(visitor),
        ns_per_tick_(1e9 / double(index.ticks_per_sec)) {}

  void Add(const Event& ev);
  void Finish();

 private:
  void Drain(bool at_end);
  bool SyscallBlocks(size_t at, bool at_end, bool& known) const;
  void Convert(const Event& ev, bool syscall_blocks);
  void Transition(int64_t ns, uint64_t goid, GoState from, GoState to, StackId stack = 0, StackId event_stack = 0,
                  std::string_view reason = {});
  void Emit(TraceEvent ev);
  void Sync(int64_t ns);
  void Tick(int64_t ns);
  StackId Stack(uint64_t id) const;
  // In floating point: a corrupt trace's ticks may lie further apart than
  // int64 nanoseconds reach, which is an error, not a time.
  int64_t Nanos(int64_t ticks) const {
    double ns = (double(ticks) - double(first_ticks_)) * ns_per_tick_;
    if (!(ns > -0x1p63 && ns < 0x1p63)) throw ReadError(source_, "corrupt trace: timestamp out of range");
    return static_cast<int64_t>(ns);
  }

  const std::string& source_;
  int minor_;
  const Index& index_;
  TraceVisitor& visitor_;
  double ns_per_tick_;
  int64_t first_ticks_ = 0;
  bool seen_first_ = false;
  bool pre_init_ = true;         // before the first Gomaxprocs event
  std::set<uint64_t> created_pre_init_;
  std::unordered_set<uint64_t> net_blocked_;  // goroutines whose last event blocked on the network
  std::deque<Event> queue_;      // held while a syscall's outcome is unknown
  int64_t last_ns_ = -1;
  int64_t proc_ = -1;  // the P of the event being converted
  uint64_t syncs_ = 0;
  std::string_view stw_kind_;
};

void Converter::Add(const Event& ev) {
  if (!seen_first_) {
    first_ticks_ = ev.ticks;
    Sync(-1);  // Go's parser opens an old trace with a Sync just before its first event
  }
  seen_first_ = true;
  queue_.push_back(ev);
  Drain(false);
}

void Converter::Finish() {
  Drain(true);
  if (seen_first_) Sync(last_ns_ + 1);
}

// Sync events stand outside the strictly increasing times of the others.
void Converter::Sync(int64_t ns) {
  TraceEvent ev;
  ev.kind = TraceEventKind::kSync;
  ev.time_ns = ns;
  ev.value = ++syncs_;
  visitor_.OnEvent(ev);
}

// Whether the syscall at queue_[at] blocked: the goroutine's next event
// tells (a block), if it has come yet.
bool Converter::SyscallBlocks(size_t at, bool at_end, bool& known) const {
  for (size_t i = at + 1; i < queue_.size(); ++i) {
    if (queue_[i].g == queue_[at].g) {
      known = true;
      return queue_[i].type == kEvGoSysBlock;
    }
  }
  known = at_end;
  return false;
}

void Converter::Drain(bool at_end) {
  while (!queue_.empty()) {
    bool blocks = false, known = true;
    if (queue_.front().type == kEvGoSysCall) blocks = SyscallBlocks(0, at_end, known);
    if (!known) return;
    Event ev = queue_.front();
    queue_.pop_front();
    Convert(ev, blocks);
  }
}

StackId Converter::Stack(uint64_t id) const {
  auto it = index_.stacks.find(id);
  return it == index_.stacks.end() ? 0 : it->second;  // Go's parser drops unknown stacks too
}

void Converter::Tick(int64_t ns) { last_ns_ = ns <= last_ns_ ? last_ns_ + 1 : ns; }

void Converter::Emit(TraceEvent ev) {
  Tick(ev.time_ns);
  ev.time_ns = last_ns_;
  ev.proc = proc_;
  visitor_.OnEvent(ev);
}

void Converter::Transition(int64_t ns, uint64_t goid, GoState from, GoState to, StackId stack, StackId event_stack,
                           std::string_view reason) {
  Emit(GoTransition(ns, goid, from, to, stack, event_stack, reason));
}

void Converter::Convert(const Event& ev, bool syscall_blocks) {
  const int64_t ns = Nanos(ev.ticks);
  const StackId here = Stack(ev.stack);
  TraceEvent simple;
  simple.time_ns = ns;
  proc_ = ev.p;
  switch (ev.type) {
    case kEvGomaxprocs:
      if (!pre_init_) {
        simple.kind = TraceEventKind::kGomaxprocs;
        simple.value = ev.args[0];
        return Emit(simple);
      }
      // The end of the start-of-trace state: goroutines created before it
      // that did not start are runnable. Go's parser drops this first
      // GOMAXPROCS event.
      pre_init_ = false;
      proc_ = -1;
      for (uint64_t g : created_pre_init_) Transition(ns, g, GoState::kUndetermined, GoState::kRunnable);
      created_pre_init_.clear();
      return;
    case kEvGoCreate:
      if (pre_init_) {
        created_pre_init_.insert(ev.args[0]);
        return;
      }
      return Transition(ns, ev.args[0], GoState::kNotExist, GoState::kRunnable, Stack(ev.args[1]), here);
    case kEvGoStart:
    case kEvGoStartLabel:
      if (pre_init_) {
        created_pre_init_.erase(ev.args[0]);
        return Transition(ns, ev.args[0], GoState::kUndetermined, GoState::kRunning);
      }
      Transition(ns, ev.args[0], GoState::kRunnable, GoState::kRunning);
      if (ev.type == kEvGoStartLabel) {
        simple.kind = TraceEventKind::kGoLabel;
        simple.goid = ev.g;
        if (auto it = index_.strings.find(ev.args[2]); it != index_.strings.end()) simple.reason = it->second;
        Emit(simple);
      }
      return;
    case kEvGoWaiting:
    case kEvGoInSyscall:
      created_pre_init_.erase(ev.args[0]);
      return Transition(ns, ev.args[0], GoState::kUndetermined,
                        ev.type == kEvGoWaiting ? GoState::kWaiting : GoState::kSyscall);
    case kEvGoEnd: return Transition(ns, ev.g, GoState::kRunning, GoState::kNotExist);
    case kEvGoSched:
    case kEvGoPreempt:
      return Transition(ns, ev.g, GoState::kRunning, GoState::kRunnable, here, here, BlockReason(ev.type));
    case kEvGoStop: case kEvGoSleep: case kEvGoBlock: case kEvGoBlockSend: case kEvGoBlockRecv:
    case kEvGoBlockSelect: case kEvGoBlockSync: case kEvGoBlockCond: case kEvGoBlockNet: case kEvGoBlockGC:
      if (ev.type == kEvGoBlockNet) net_blocked_.insert(ev.g);
      return Transition(ns, ev.g, GoState::kRunning, GoState::kWaiting, here, here, BlockReason(ev.type));
    case kEvGoUnblock:
      if (net_blocked_.erase(ev.args[0])) proc_ = kNetpollP;
      return Transition(ns, ev.args[0], GoState::kWaiting, GoState::kRunnable, 0, here);
    case kEvGoSysCall:
      Transition(ns, ev.g, GoState::kRunning, GoState::kSyscall, here, here);
      // A syscall that never blocked is reported as returning right away.
      if (!syscall_blocks) Transition(ns + 1, ev.g, GoState::kSyscall, GoState::kRunning);
      return;
    case kEvGoSysExit:
      proc_ = kSyscallP;
      return Transition(ns, ev.g, GoState::kSyscall, GoState::kRunnable);
    case kEvGoSysBlock: return;
    case kEvProcStart:
    case kEvProcStop:
      simple.kind = ev.type == kEvProcStart ? TraceEventKind::kProcStart : TraceEventKind::kProcStop;
      simple.value = static_cast<uint64_t>(ev.p);
      return Emit(simple);
    case kEvGCStart:
    case kEvGCDone:
      simple.kind = ev.type == kEvGCStart ? TraceEventKind::kGcBegin : TraceEventKind::kGcEnd;
      simple.value = ev.args[0];
      simple.event_stack = here;
      return Emit(simple);
    case kEvSTWStart:
    case kEvSTWDone:
      if (ev.type == kEvSTWStart) stw_kind_ = StwKind(minor_, ev.args[0]);
      simple.kind = ev.type == kEvSTWStart ? TraceEventKind::kStwBegin : TraceEventKind::kStwEnd;
      simple.reason = stw_kind_;
      return Emit(simple);
    case kEvHeapAlloc:
    case kEvHeapGoal:
      simple.kind = ev.type == kEvHeapAlloc ? TraceEventKind::kHeapAlloc : TraceEventKind::kHeapGoal;
      simple.value = ev.args[0];
      return Emit(simple);
    case kEvGCMarkAssistStart:
    case kEvGCMarkAssistDone:
      simple.kind = ev.type == kEvGCMarkAssistStart ? TraceEventKind::kMarkAssistBegin : TraceEventKind::kMarkAssistEnd;
      simple.goid = ev.g == 0 ? kNoGoroutine : ev.g;
      return Emit(simple);
    default:
      return Tick(ns);  // sweeps, user annotations: not modeled
  }
}

}  // namespace

void ReadEvents(const MappedFile& file, const TraceVersion& version, StackTable& stacks, TraceVisitor& visitor) {
  ByteCursor in(file.path(), file.bytes(), version.header_size, file.size());
  Index index = BuildIndex(file, in, stacks);
  Converter converter(file.path(), version, index, visitor);
  uint64_t n = 0;
  OrderEvents(in, index, [&](const Event& ev) {
    converter.Add(ev);
    // Each P's batches are read front to back: pages read need not stay.
    if (++n % (1 << 20) == 0) file.DropResidentPages();
  });
  converter.Finish();
}

}  // namespace gf::v1
