#include "forensics/trace_summary.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

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

// A time series kept in bounded memory: samples fall in time slots of a
// width that doubles (merging neighbours) whenever there are too many, each
// slot keeping its largest sample so that peaks survive.
class PeakSeries {
 public:
  void Add(int64_t time_ns, uint64_t bytes) {
    if (slots_.empty()) origin_ = time_ns;
    int64_t slot = (time_ns - origin_) / width_;
    if (slots_.empty() || slot != last_slot_) {
      slots_.push_back({time_ns, bytes});
      last_slot_ = slot;
      if (slots_.size() > 4 * TraceSummary::kMaxHeapSamples) Coarsen();
    } else if (bytes > slots_.back().bytes) {
      slots_.back() = {time_ns, bytes};
    }
  }
  // At most `limit` points over [start, end].
  std::vector<HeapSample> Finish(int64_t start, int64_t end, size_t limit) {
    while (slots_.size() > limit) {
      width_ = std::max<int64_t>(width_, (end - start) / static_cast<int64_t>(limit) + 1) / 2;  // Coarsen doubles it
      origin_ = start;
      Coarsen();
    }
    return std::move(slots_);
  }

 private:
  void Coarsen() {
    width_ *= 2;
    std::vector<HeapSample> merged;
    for (const auto& s : slots_) {
      int64_t slot = (s.time_ns - origin_) / width_;
      if (merged.empty() || slot != (merged.back().time_ns - origin_) / width_) merged.push_back(s);
      else if (s.bytes > merged.back().bytes) merged.back() = s;
    }
    slots_ = std::move(merged);
    last_slot_ = (slots_.back().time_ns - origin_) / width_;
  }

  int64_t origin_ = 0;
  int64_t width_ = 1'000'000;  // 1ms to begin with
  int64_t last_slot_ = 0;
  std::vector<HeapSample> slots_;
};

struct LiveGoroutine {
  size_t site = 0;
  int64_t created_ns = -1;
  GoState state = GoState::kUndetermined;
  int64_t since = 0;
  uint32_t reason = 0;
  StackId block_stack = 0;
  StateTimes times;
};

class Builder : public TraceVisitor {
 public:
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

  TraceSummary s_;
  bool started_ = false;
  std::unordered_map<uint64_t, LiveGoroutine> live_;
  std::unordered_map<StackId, size_t> site_index_;
  std::map<std::string, uint32_t, std::less<>> reason_index_;
  std::vector<int64_t> stw_, gc_;
  std::optional<int64_t> stw_begin_, gc_begin_;
  PeakSeries heap_in_use_, heap_goal_;
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

void Builder::OnEvent(const TraceEvent& e) {
  if (!started_) s_.start_ns = e.time_ns;
  started_ = true;
  s_.end_ns = e.time_ns;
  ++s_.events;
  switch (e.kind) {
    case TraceEventKind::kGoTransition: return OnTransition(e);
    case TraceEventKind::kStwBegin: stw_begin_ = e.time_ns; return;
    case TraceEventKind::kGcBegin: gc_begin_ = e.time_ns; return;
    case TraceEventKind::kStwEnd:
      if (stw_begin_) stw_.push_back(e.time_ns - *stw_begin_);
      stw_begin_.reset();
      return;
    case TraceEventKind::kGcEnd:
      if (gc_begin_) gc_.push_back(e.time_ns - *gc_begin_);
      gc_begin_.reset();
      return;
    case TraceEventKind::kHeapAlloc: heap_in_use_.Add(e.time_ns, e.value); return;
    case TraceEventKind::kHeapGoal: heap_goal_.Add(e.time_ns, e.value); return;
    case TraceEventKind::kProcStart:
    case TraceEventKind::kProcStop: return;
  }
}

// Goroutines still waiting at the end: nothing unblocked them after their
// last block, which is how a leak looks from outside.
void Builder::AddLeaks() {
  std::map<std::tuple<size_t, StackId, uint32_t>, LeakGroup> groups;
  for (const auto& [goid, g] : live_) {
    if (g.state != GoState::kWaiting) continue;
    const CreationSite& site = s_.sites[g.site];
    LeakGroup& l = groups[{g.site, g.block_stack, g.reason}];
    int64_t blocked = s_.end_ns - g.since;
    if (l.count == 0) {
      l = {site.stack, g.block_stack, s_.reasons[g.reason], 0, blocked, blocked, site.growth_per_sec, {}};
    }
    ++l.count;
    l.min_blocked_ns = std::min(l.min_blocked_ns, blocked);
    l.max_blocked_ns = std::max(l.max_blocked_ns, blocked);
    l.goids.push_back(goid);
  }
  for (auto& [key, l] : groups) {
    std::sort(l.goids.begin(), l.goids.end());
    s_.leaks.push_back(std::move(l));
  }
  std::stable_sort(s_.leaks.begin(), s_.leaks.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
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
  s_.heap_in_use = heap_in_use_.Finish(s_.start_ns, s_.end_ns, TraceSummary::kMaxHeapSamples);
  s_.heap_goal = heap_goal_.Finish(s_.start_ns, s_.end_ns, TraceSummary::kMaxHeapSamples);
  return std::move(s_);
}

}  // namespace

TraceSummary SummarizeTrace(TraceReader& reader) {
  Builder b;
  reader.Read(b);
  return b.Finish();
}

}  // namespace gf
