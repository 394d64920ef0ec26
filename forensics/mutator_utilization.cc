#include "forensics/mutator_utilization.h"

#include <algorithm>
#include <limits>

namespace gf {

namespace {

bool Executing(GoState s) { return s == GoState::kRunning || s == GoState::kSyscall; }

// Go counts only the stop-the-world pauses of the GC ("GC sweep
// termination", "GC mark termination"), not those a program asks for.
bool IsGcStw(const TraceEvent& e) { return e.reason.find("GC") != std::string_view::npos; }

// Background mark workers label themselves when they start running; an
// idle-priority worker only uses a P nobody else wanted.
bool IsMarkWorkerLabel(std::string_view label) { return label.starts_with("GC ") && label != "GC (idle)"; }

}  // namespace

// A change of utilization is recorded once per timestamp, the lowest value
// winning, and only when the value changes.
void MutatorUtilization::Record(int64_t time_ns, double util) {
  if (!util_.empty()) {
    UtilChange& last = util_.back();
    if (last.util == util) return;
    if (last.time_ns == time_ns) {
      last.util = std::min(last.util, util);
      return;
    }
  }
  util_.push_back({time_ns, util});
}

void MutatorUtilization::AddPGc(int64_t proc, int delta) {
  // Go's tools index their P table with the event's P unchecked; an event
  // outside the table (none in traces the runtime writes) changes nothing.
  if (proc >= 0 && static_cast<size_t>(proc) < p_gc_.size()) p_gc_[proc] += delta;
}

void MutatorUtilization::OnGomaxprocs(const TraceEvent& e) {
  if (util_.empty()) util_.push_back({e.time_ns, 1});  // the function starts when GOMAXPROCS is known
  p_gc_.resize(e.value, 0);
  if (procs_.empty() || procs_.back().procs != e.value) procs_.push_back({e.time_ns, e.value});
}

// A goroutine found in a mark assist when the trace began, and running on
// its P: the function so far was too high by one P's share.
void MutatorUtilization::AssistedSinceStart() {
  size_t pi = 0;
  for (UtilChange& u : util_) {
    while (pi + 1 < procs_.size() && procs_[pi + 1].time_ns < u.time_ns) ++pi;
    u.util = std::max(0.0, u.util - 1.0 / static_cast<double>(procs_[pi].procs));
  }
}

void MutatorUtilization::OnGcWork(const TraceEvent& e) {
  switch (e.kind) {
    case TraceEventKind::kMarkAssistActive: {
      // Only the first generation can tell of an assist the trace did not
      // see begin. Go checks the state of the goroutine running on the
      // thread that wrote the event.
      if (syncs_ > 1) return;
      auto writer = states_.find(e.value);
      if (writer != states_.end() && Executing(writer->second)) AssistedSinceStart();
      [[fallthrough]];
    }
    case TraceEventKind::kMarkAssistBegin:
      AddPGc(e.proc, +1);
      if (e.goid != kNoGoroutine) assisting_.insert(e.goid);
      return;
    case TraceEventKind::kMarkAssistEnd:
      AddPGc(e.proc, -1);
      if (e.goid != kNoGoroutine) assisting_.erase(e.goid);
      return;
    case TraceEventKind::kStwBegin:
    case TraceEventKind::kStwEnd:
      if (IsGcStw(e)) stw_ += e.kind == TraceEventKind::kStwBegin ? 1 : -1;
      return;
    case TraceEventKind::kGoTransition: {
      GoState& state = states_[e.goid];
      if (assisting_.contains(e.goid) || mark_workers_.contains(e.goid)) {
        if (!Executing(e.from) && Executing(e.to)) AddPGc(e.proc, +1);
        else if (Executing(e.from) && !Executing(e.to)) AddPGc(e.proc, -1);
      }
      state = e.to;
      return;
    }
    case TraceEventKind::kGoLabel:
      // Go never forgets a mark worker, nor takes back this count when it
      // labels a worker that was already running as one: its definition.
      if (IsMarkWorkerLabel(e.reason)) {
        mark_workers_.insert(e.goid);
        AddPGc(e.proc, +1);
      }
      return;
    default: return;
  }
}

void MutatorUtilization::OnEvent(const TraceEvent& e) {
  any_event_ = true;
  last_time_ = e.time_ns;
  if (e.kind == TraceEventKind::kSync) syncs_ = e.value;
  if (e.kind == TraceEventKind::kGomaxprocs) OnGomaxprocs(e);
  if (p_gc_.empty()) return;  // nothing is known before GOMAXPROCS is
  OnGcWork(e);
  size_t gc_ps = p_gc_.size();
  if (stw_ <= 0) gc_ps = static_cast<size_t>(std::count_if(p_gc_.begin(), p_gc_.end(), [](int n) { return n > 0; }));
  Record(e.time_ns, 1.0 - static_cast<double>(gc_ps) / static_cast<double>(p_gc_.size()));
}

std::vector<UtilChange> MutatorUtilization::Finish() {
  if (any_event_ && !p_gc_.empty()) Record(last_time_, 0);
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
  // Go's MMU curve (internal/trace) cuts the function into bands, at most
  // 1000 and no more than it has changes, and also tries windows starting
  // at the band starts past the last window that fits, counting the time
  // past the end as 0 utilization. Trying them too keeps our numbers equal
  // to `go tool trace`'s: its definition.
  const int64_t bands = std::min<int64_t>(1000, static_cast<int64_t>(util.size()));
  const int64_t band = std::max<int64_t>(1, (span + bands - 1) / bands);
  const int64_t tried = bands + 2 - (w + 2 * (band - 1)) / band;  // band starts Go tries
  for (int64_t b = (last_start - first) / band + 1; b < tried; ++b) {
    int64_t t = first + b * band;
    worst = std::min(worst, (right.At(t + w) - left.At(t)) / static_cast<double>(w));
  }
  return worst;
}

}  // namespace gf
