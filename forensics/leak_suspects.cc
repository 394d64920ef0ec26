#include "forensics/leak_suspects.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace gf {
namespace {

std::vector<StackLine> LinesOf(const Goroutine& g) {
  std::vector<StackLine> lines;
  for (const auto& f : g.frames)
    for (const auto& sf : f.sym->frames) lines.push_back({sf.function, sf.file, sf.line});
  return lines;
}

SourceSite SiteOf(const StackLine& l) { return {std::string(l.function), std::string(l.file), l.line}; }

// FNV-1a: stable across runs, machines and builds of goforensics.
uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

uint64_t SignatureOf(const LeakSuspect& s) {
  std::string key = s.status + "\n" + s.blocking_site.function + ":" + std::to_string(s.blocking_site.line);
  if (s.creation_site) key += "\n" + s.creation_site->function + ":" + std::to_string(s.creation_site->line);
  return Fnv1a(key);
}

using Key = std::tuple<std::string, SourceSite, std::optional<SourceSite>>;

std::string_view SnapshotGoroot(const GoroutineSnapshot& snap) {
  for (const auto& g : snap.goroutines) {
    auto lines = LinesOf(g);
    if (auto root = GorootOf(lines); !root.empty()) return root;
  }
  return {};
}

void AddProof(LeakSuspect& s, const WaitObjects& w) {
  constexpr size_t kShownObjects = 8;
  for (uint64_t a : w.addresses) {
    if (s.proof.size() >= kShownObjects) return;
    if (std::none_of(s.proof.begin(), s.proof.end(), [&](const WaitedObject& o) { return o.address == a; }))
      s.proof.push_back({a, w.kind == WaitObjects::Kind::kChannels ? "channel" : "sync primitive"});
  }
}

int TierOf(const LeakPattern pattern, const LeakProof* proof, size_t index) {
  if (pattern == LeakPattern::kSleep || pattern == LeakPattern::kTimer) return 3;
  if (!proof) return 1;
  if (proof->waits[index].timer_channel) return 3;
  switch (proof->wake[index]) {
    case WakeSource::kNone: return 0;
    case WakeSource::kGoroutine: return 2;
    default: return 1;
  }
}

void Add(LeakSuspect& s, const Goroutine& g, size_t index, const LeakProof* proof) {
  bool proven = proof && proof->verdicts[index] == LeakVerdict::kLeaked;
  s.tier = std::min(s.tier, TierOf(s.pattern->pattern, proof, index));
  s.goroutines.push_back(index);
  s.proven += proven;
  if (proven) AddProof(s, proof->waits[index]);
  s.stack_bytes += g.stack_bounds.hi - g.stack_bounds.lo;
  if (g.wait_minutes) s.max_wait_minutes = std::max(s.max_wait_minutes.value_or(0), *g.wait_minutes);
}

bool MoreSevere(const LeakSuspect& a, const LeakSuspect& b) {
  if (a.tier != b.tier) return a.tier < b.tier;
  if (a.proven != b.proven) return a.proven > b.proven;
  if (a.goroutines.size() != b.goroutines.size()) return a.goroutines.size() > b.goroutines.size();
  if (a.max_wait_minutes != b.max_wait_minutes) return a.max_wait_minutes > b.max_wait_minutes;
  return a.signature < b.signature;
}

}  // namespace

bool SourceSite::operator<(const SourceSite& o) const {
  return std::tie(function, file, line) < std::tie(o.function, o.file, o.line);
}

std::string LeakSuspect::SignatureHex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(signature));
  return buf;
}

std::vector<LeakSuspect> FindLeakSuspects(const GoroutineSnapshot& snap, const LeakProof* proof,
                                          const LeakOptions& options) {
  std::string_view goroot = SnapshotGoroot(snap);
  std::map<Key, LeakSuspect> groups;
  for (size_t i = 0; i < snap.goroutines.size(); ++i) {
    const Goroutine& g = snap.goroutines[i];
    if (g.system || g.frames.empty()) continue;
    auto lines = LinesOf(g);
    std::string_view creator = g.created_by ? g.created_by->name : std::string_view();
    const PatternInfo& pattern = Classify(g.status, lines, creator);
    if (!pattern.may_leak) continue;
    std::optional<SourceSite> created;
    if (g.created_by) created = SiteOf({g.created_by->name, g.created_by->frames.front().file,
                                        g.created_by->frames.front().line});
    Key key{g.status, SiteOf(lines[BlockingFrame(lines, goroot)]), created};
    LeakSuspect& s = groups[key];
    if (!s.pattern) {
      s.status = g.status;
      s.blocking_site = std::get<1>(key);
      s.creation_site = created;
      s.pattern = &pattern;
    }
    Add(s, g, i, proof);
  }
  std::vector<LeakSuspect> out;
  for (auto& [key, s] : groups) {
    if (s.goroutines.size() < options.min_count && s.proven == 0) continue;
    s.signature = SignatureOf(s);
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), MoreSevere);
  return out;
}

}  // namespace gf

namespace gf {

void AddHeapEvidence(std::vector<LeakSuspect>& suspects, const HeapSnapshot& heap, const LeakProver& prover) {
  constexpr size_t kMeasured = 20;  // each measure is a marking pass; the top suspects are what is read
  for (size_t i = 0; i < suspects.size(); ++i) {
    auto& s = suspects[i];
    for (auto& o : s.proof) {
      auto object = heap.heap.Find(o.address);
      if (o.kind == "sync primitive" && object && heap.heap.type(*object).known())
        o.kind += " in " + heap.heap.type(*object).name;
    }
    if (i < kMeasured && s.proven > 0) s.retained_bytes = prover.RetainedBy(s.goroutines);
  }
}

}  // namespace gf
