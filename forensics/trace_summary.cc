#include "forensics/trace_summary.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "forensics/mutator_utilization.h"

namespace gf {

int64_t StateTimes::BlockedTotal() const {
  int64_t total = 0;
  for (int64_t b : blocked_ns) total += b;
  return total;
}

void StateTimes::Add(const StateTimes& o) {
  running_ns += o.running_ns;
  runnable_ns += o.runnable_ns;
  if (blocked_ns.size() < o.blocked_ns.size()) blocked_ns.resize(o.blocked_ns.size());
  for (size_t i = 0; i < o.blocked_ns.size(); ++i) blocked_ns[i] += o.blocked_ns[i];
}

namespace {

// Nearest-rank percentiles of exact samples: pauses are few.
PauseStats StatsOf(std::vector<int64_t> v) {
  PauseStats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto rank = [&](double p) { return v[static_cast<size_t>(std::max(0.0, p * v.size() - 1e-9))]; };
  s.count = v.size();
  for (int64_t d : v) s.total_ns += d;
  s.p50_ns = rank(0.50);
  s.p99_ns = rank(0.99);
  s.max_ns = v.back();
  return s;
}

struct LiveGoroutine {
  size_t site = 0;
  StackId start = 0;  // the start function, when the trace saw the creation
  int64_t created_ns = -1;
  GoState state = GoState::kUndetermined;
  int64_t since = 0;
  uint32_t reason = 0;
  StackId block_stack = 0;
  StateTimes times;
};

class Builder : public TraceVisitor {
 public:
  Builder(const StackTable& stacks, int go_minor) : stacks_(stacks), go_minor_(go_minor) {}
  void OnEvent(const TraceEvent& e) override;
  TraceSummary Finish();

 private:
  void OnTransition(const TraceEvent& e);
  LiveGoroutine& Find(const TraceEvent& e);
  void Account(LiveGoroutine& g, int64_t now);
  void Retire(uint64_t goid, const LiveGoroutine& g, int64_t ended_ns);
  size_t Site(StackId stack);
  uint32_t Reason(std::string_view r);
  void AddLeaks();
  void AddMmu();
  void SampleTimeline(int64_t time_ns);
  void HeapSeries();

  const StackTable& stacks_;
  int go_minor_;
  TraceSummary s_;
  bool started_ = false;
  std::unordered_map<uint64_t, LiveGoroutine> live_;
  std::unordered_map<StackId, size_t> site_index_;
  std::map<std::string, uint32_t, std::less<>> reason_index_;
  std::vector<int64_t> stw_, gc_;
  std::optional<int64_t> stw_begin_, gc_begin_;
  TimelineValues now_;
  TimelineBuilder timeline_;
  MutatorUtilization utilization_;
};

size_t Builder::Site(StackId stack) {
  auto [it, added] = site_index_.try_emplace(stack, s_.sites.size());
  if (added) {
    CreationSite site;
    site.stack = stack;
    s_.sites.push_back(std::move(site));
  }
  return it->second;
}

uint32_t Builder::Reason(std::string_view r) {
  if (r.empty()) r = "unspecified";
  if (auto it = reason_index_.find(r); it != reason_index_.end()) return it->second;
  s_.reasons.emplace_back(r);
  return reason_index_.emplace(std::string(r), s_.reasons.size() - 1).first->second;
}

void Builder::Account(LiveGoroutine& g, int64_t now) {
  int64_t d = std::max<int64_t>(0, now - g.since);
  g.since = now;
  switch (g.state) {
    case GoState::kRunning: g.times.running_ns += d; break;
    case GoState::kRunnable: g.times.runnable_ns += d; break;
    case GoState::kWaiting:
    case GoState::kSyscall:
      if (g.times.blocked_ns.size() <= g.reason) g.times.blocked_ns.resize(g.reason + 1);
      g.times.blocked_ns[g.reason] += d;
      break;
    default: break;
  }
}

// The goroutine an event moves, created on first sight: a goroutine that
// existed before the trace began has no known creation site.
LiveGoroutine& Builder::Find(const TraceEvent& e) {
  auto [it, added] = live_.try_emplace(e.goid);
  LiveGoroutine& g = it->second;
  if (!added) return g;
  if (e.from == GoState::kNotExist) {
    // The site is the creator's stack at the go statement; without it, the
    // new goroutine's start function.
    g.site = Site(e.event_stack != 0 ? e.event_stack : e.stack);
    g.start = e.stack;
    g.created_ns = e.time_ns;
    ++s_.sites[g.site].created;
    ++s_.created;
  } else {
    g.site = Site(0);
    ++s_.sites[g.site].alive_at_start;
    ++s_.alive_at_start;
  }
  g.state = e.from;
  g.since = e.time_ns;
  return g;
}

void Builder::Retire(uint64_t goid, const LiveGoroutine& g, int64_t ended_ns) {
  s_.sites[g.site].times.Add(g.times);
  s_.most_blocked.push_back({goid, s_.sites[g.site].stack, g.created_ns, ended_ns, g.times});
  // Keep only the candidates for the longest blocked, in bounded memory.
  constexpr size_t kKeep = TraceSummary::kMaxMostBlocked;
  if (s_.most_blocked.size() >= 8 * kKeep) {
    std::nth_element(s_.most_blocked.begin(), s_.most_blocked.begin() + kKeep, s_.most_blocked.end(),
                     [](const auto& a, const auto& b) { return a.times.BlockedTotal() > b.times.BlockedTotal(); });
    s_.most_blocked.resize(kKeep);
  }
}

void Builder::OnTransition(const TraceEvent& e) {
  LiveGoroutine& g = Find(e);
  Account(g, e.time_ns);
  g.state = e.to;
  if (e.to == GoState::kWaiting || e.to == GoState::kSyscall) {
    g.reason = Reason(e.to == GoState::kSyscall ? "syscall" : e.reason);
    g.block_stack = e.stack;
  }
  if (e.to == GoState::kNotExist) {
    ++s_.sites[g.site].ended;
    ++s_.ended;
    Retire(e.goid, g, e.time_ns);
    live_.erase(e.goid);
  }
}

void Builder::SampleTimeline(int64_t time_ns) {
  now_.goroutines = live_.size();
  timeline_.Sample(time_ns, now_);
}

void Builder::OnEvent(const TraceEvent& e) {
  utilization_.OnEvent(e);
  if (e.kind == TraceEventKind::kSync) return;  // Go's markers between generations, not program events
  if (!started_) s_.start_ns = e.time_ns;
  started_ = true;
  s_.end_ns = e.time_ns;
  ++s_.events;
  switch (e.kind) {
    case TraceEventKind::kGoTransition: {
      size_t before = live_.size();
      OnTransition(e);
      if (live_.size() != before) SampleTimeline(e.time_ns);
      return;
    }
    case TraceEventKind::kStwBegin: stw_begin_ = e.time_ns; return;
    case TraceEventKind::kGcBegin: gc_begin_ = e.time_ns; return;
    case TraceEventKind::kStwEnd:
      if (stw_begin_) {
        stw_.push_back(e.time_ns - *stw_begin_);
        timeline_.AddPause(true, {*stw_begin_, e.time_ns});
      }
      stw_begin_.reset();
      return;
    case TraceEventKind::kGcEnd:
      if (gc_begin_) {
        gc_.push_back(e.time_ns - *gc_begin_);
        timeline_.AddPause(false, {*gc_begin_, e.time_ns});
      }
      gc_begin_.reset();
      return;
    case TraceEventKind::kHeapAlloc:
      now_.heap_in_use = e.value;
      return SampleTimeline(e.time_ns);
    case TraceEventKind::kHeapGoal:
      now_.heap_goal = e.value;
      return SampleTimeline(e.time_ns);
    default: return;  // procs, GC work and labels: the MMU's input
  }
}

// Goroutines still waiting at the end: nothing unblocked them after their
// last block, which is how a leak looks from outside.
void Builder::AddLeaks() {
  std::vector<BlockedAtEnd> blocked;
  for (const auto& [goid, g] : live_) {
    if (g.state != GoState::kWaiting) continue;
    const CreationSite& site = s_.sites[g.site];
    blocked.push_back({goid, site.stack, g.start, g.block_stack, s_.reasons[g.reason], s_.end_ns - g.since,
                       site.growth_per_sec});
  }
  s_.leaks = FindTraceLeaks(blocked, stacks_, go_minor_);
}

void Builder::AddMmu() {
  std::vector<UtilChange> util = utilization_.Finish();
  if (util.size() < 2) return;
  int64_t span = util.back().time_ns - util.front().time_ns;
  for (int64_t w : TraceSummary::kMmuWindows) {
    if (w < span) s_.mmu.push_back({w, MinimumMutatorUtilization(util, w)});
  }
  s_.mmu.push_back({span, MinimumMutatorUtilization(util, span)});
}

void Builder::HeapSeries() {
  for (const auto& b : s_.timeline.buckets) {
    if (b.max.heap_in_use) s_.heap_in_use.push_back({b.begin_ns, b.max.heap_in_use});
    if (b.max.heap_goal) s_.heap_goal.push_back({b.begin_ns, b.max.heap_goal});
  }
}

TraceSummary Builder::Finish() {
  double seconds = std::max<int64_t>(1, s_.end_ns - s_.start_ns) / 1e9;
  for (const auto& [goid, g] : live_) ++s_.sites[g.site].alive_at_end;
  for (auto& site : s_.sites) {
    site.growth_per_sec = (static_cast<double>(site.alive_at_end) - static_cast<double>(site.alive_at_start)) / seconds;
  }
  s_.alive_at_end = live_.size();
  AddLeaks();  // while `since` still says when each one blocked
  for (auto& [goid, g] : live_) {
    Account(g, s_.end_ns);
    Retire(goid, g, -1);
  }
  std::sort(s_.most_blocked.begin(), s_.most_blocked.end(),
            [](const auto& a, const auto& b) { return a.times.BlockedTotal() > b.times.BlockedTotal(); });
  if (s_.most_blocked.size() > TraceSummary::kMaxMostBlocked) s_.most_blocked.resize(TraceSummary::kMaxMostBlocked);
  std::stable_sort(s_.sites.begin(), s_.sites.end(), [](const auto& a, const auto& b) {
    return std::tie(a.alive_at_end, a.created) > std::tie(b.alive_at_end, b.created);
  });
  s_.stw = StatsOf(std::move(stw_));
  s_.gc = StatsOf(std::move(gc_));
  s_.timeline = timeline_.Finish();
  HeapSeries();
  AddMmu();
  return std::move(s_);
}

}  // namespace

TraceSummary SummarizeTrace(TraceReader& reader) {
  Builder b(reader.stacks(), reader.version().minor);
  reader.Read(b);
  return b.Finish();
}

}  // namespace gf
