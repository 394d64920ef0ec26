#include "forensics/mutator_utilization.h"

#include <algorithm>
#include <limits>

namespace gf {

namespace {

bool Executing(GoState s) { return s == GoState::kRunning || s == GoState::kSyscall; }

// Go counts only the stop-the-world pauses of the GC ("GC sweep
// termination", "GC mark termination"), not those a program asks for.
bool IsGcStw(const TraceEvent& e) { return e.reason.find("GC") != std::string_view::npos; }

// Background mark workers are labelled "GC (dedicated)", "GC (fractional)"
// or "GC (idle)": an idle-priority worker only uses a P nobody else wanted.
bool IsMarkWorkerLabel(std::string_view label) { return label.starts_with("GC "); }
bool TakesProgramsP(std::string_view worker_label) { return worker_label != "GC (idle)"; }

}  // namespace

// A change of utilization is recorded only when the value changes; the
// state after an event is what holds until the next one.
void MutatorUtilization::Record(int64_t time_ns, double util) {
  if (!util_.empty()) {
    UtilChange& last = util_.back();
    if (last.util == util) return;
    if (last.time_ns == time_ns) {
      last.util = util;
      if (util_.size() > 1 && util_[util_.size() - 2].util == util) util_.pop_back();
      return;
    }
  }
  util_.push_back({time_ns, util});
}

// Moves g's hold to the P it should hold now, if any: one P per goroutine
// at most, whatever sequence of events said so, and only a P the table
// has (an event may name one beyond GOMAXPROCS around a change of it).
void MutatorUtilization::Update(uint64_t goid, GcGoroutine& g) {
  int64_t want = g.executing && (g.assisting || g.marking) ? g.proc : -1;
  if (want >= static_cast<int64_t>(p_gc_.size())) want = -1;
  if (g.held != want) {
    if (g.held >= 0 && g.held < static_cast<int64_t>(p_gc_.size())) --p_gc_[g.held];
    if (want >= 0) ++p_gc_[want];
    g.held = want;
  }
  if (g.assisting || g.marking || g.held >= 0) in_gc_.insert(goid);
  else in_gc_.erase(goid);
}

void MutatorUtilization::OnGomaxprocs(const TraceEvent& e) {
  if (util_.empty()) util_.push_back({e.time_ns, 1});  // the function starts when GOMAXPROCS is known
  if (e.value == p_gc_.size()) return;
  // Holds of Ps past a shrunk table are dropped with them; goroutines
  // that could not hold theirs may now.
  p_gc_.assign(e.value, 0);
  for (uint64_t goid : std::vector<uint64_t>(in_gc_.begin(), in_gc_.end())) {
    GcGoroutine& g = goroutines_[goid];
    g.held = -1;
    Update(goid, g);
  }
}

MutatorUtilization::GcGoroutine& MutatorUtilization::Writer(const TraceEvent& e) {
  GcGoroutine& g = goroutines_[e.goid];
  g.executing = true;
  g.proc = e.proc;
  return g;
}

void MutatorUtilization::OnTransition(const TraceEvent& e) {
  auto it = goroutines_.try_emplace(e.goid).first;
  GcGoroutine& g = it->second;
  g.executing = Executing(e.to);
  if (g.executing) g.proc = e.proc;
  Update(e.goid, g);  // an ended goroutine holds no P
  if (e.to == GoState::kNotExist) {
    in_gc_.erase(e.goid);
    goroutines_.erase(it);
  }
}

void MutatorUtilization::OnGcWork(const TraceEvent& e) {
  switch (e.kind) {
    case TraceEventKind::kGoTransition: return OnTransition(e);
    case TraceEventKind::kMarkAssistBegin:
    case TraceEventKind::kMarkAssistEnd: {
      if (e.goid == kNoGoroutine) return;
      GcGoroutine& g = Writer(e);
      g.assisting = e.kind == TraceEventKind::kMarkAssistBegin;
      return Update(e.goid, g);
    }
    case TraceEventKind::kMarkAssistActive: {
      // An assist under way when a generation began: it counts while the
      // goroutine runs (Go's own computation also takes one P's share off
      // the function before the event, whoever wrote it).
      GcGoroutine& g = goroutines_[e.goid];
      g.assisting = true;
      return Update(e.goid, g);
    }
    case TraceEventKind::kGoLabel: {
      // The runtime labels a background mark worker with its mode each
      // time it starts running it; the worker writes the label. Go's own
      // computation (Go 1.22-1.26) counts the P once more at every label
      // after the first run and never takes it back for the idle mode.
      if (!IsMarkWorkerLabel(e.reason) || e.goid == kNoGoroutine) return;
      GcGoroutine& g = Writer(e);
      g.marking = TakesProgramsP(e.reason);
      return Update(e.goid, g);
    }
    case TraceEventKind::kStwBegin:
    case TraceEventKind::kStwEnd:
      if (IsGcStw(e)) stw_ += e.kind == TraceEventKind::kStwBegin ? 1 : -1;
      return;
    default: return;
  }
}

void MutatorUtilization::OnEvent(const TraceEvent& e) {
  any_event_ = true;
  last_time_ = e.time_ns;
  if (e.kind == TraceEventKind::kGomaxprocs) OnGomaxprocs(e);
  OnGcWork(e);
  if (p_gc_.empty()) return;  // the function starts when GOMAXPROCS is known
  size_t gc_ps = p_gc_.size();
  if (stw_ <= 0) gc_ps = static_cast<size_t>(std::count_if(p_gc_.begin(), p_gc_.end(), [](int n) { return n > 0; }));
  Record(e.time_ns, 1.0 - static_cast<double>(gc_ps) / static_cast<double>(p_gc_.size()));
}

// The last point marks the end of the trace, whatever the value before it
// (a trace often ends in the stop-the-world of runtime/trace.Stop).
std::vector<UtilChange> MutatorUtilization::Finish() {
  if (any_event_ && !util_.empty() && util_.back().time_ns < last_time_) util_.push_back({last_time_, 0});
  return std::move(util_);
}

namespace {

// The integral of the utilization from the function's start to a time,
// for times that only grow.
class Integrator {
 public:
  explicit Integrator(std::span<const UtilChange> util) : util_(util) {}
  double At(int64_t t) {
    while (pos_ + 1 < util_.size() && util_[pos_ + 1].time_ns <= t) {
      sum_ += util_[pos_].util * static_cast<double>(util_[pos_ + 1].time_ns - util_[pos_].time_ns);
      ++pos_;
    }
    return sum_ + util_[pos_].util * static_cast<double>(t - util_[pos_].time_ns);
  }

 private:
  std::span<const UtilChange> util_;
  size_t pos_ = 0;
  double sum_ = 0;  // integral up to util_[pos_].time_ns
};

}  // namespace

double MinimumMutatorUtilization(std::span<const UtilChange> util, int64_t window_ns) {
  if (util.empty() || window_ns <= 0) return 0;
  const int64_t first = util.front().time_ns, span = util.back().time_ns - first;
  if (span <= 0) return 0;
  const int64_t w = std::min(window_ns, span), last_start = first + span - w;
  // Candidate window starts, in time order: where the left edge meets a
  // change (i) and where the right edge does (j), within [first, last_start].
  // Both edges move forward only, so one pass is linear in the changes.
  Integrator left(util), right(util);
  double worst = 1;
  size_t i = 0, j = 0;
  for (;;) {
    while (j < util.size() && util[j].time_ns - w < first) ++j;
    int64_t ti = i < util.size() ? util[i].time_ns : std::numeric_limits<int64_t>::max();
    int64_t tj = j < util.size() ? util[j].time_ns - w : std::numeric_limits<int64_t>::max();
    int64_t t = std::min({ti, tj, last_start});
    double mean = (right.At(t + w) - left.At(t)) / static_cast<double>(w);
    worst = std::min(worst, mean);
    if (t >= last_start) break;
    if (t == ti) ++i;
    if (t == tj) ++j;
  }
  return worst;
}

}  // namespace gf
