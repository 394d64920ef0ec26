#include "forensics/leak_suspects.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "forensics/group_signature.h"

namespace gf {
namespace {

using Key = std::tuple<std::string, SourceSite, std::optional<SourceSite>>;

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

// Goroutines parked at the same pcs with the same status and creator fold
// into the same suspect: classify and place each such shape once, so 100k
// goroutines at a few sites cost a few symbolizations, not 100k.
std::string ShapeOf(const Goroutine& g) {
  std::string shape = g.status;
  shape.push_back('\0');
  auto add = [&](uint64_t v) { shape.append(reinterpret_cast<const char*>(&v), sizeof v); };
  add(g.created_by_pc);
  for (const auto& f : g.frames) add(f.pc);
  return shape;
}

}  // namespace

std::string LeakSuspect::SignatureHex() const { return gf::SignatureHex(signature); }

std::vector<LeakSuspect> FindLeakSuspects(const GoroutineSnapshot& snap, const LeakProof* proof,
                                          const LeakOptions& options) {
  std::string_view goroot = SnapshotGoroot(snap);
  std::map<Key, LeakSuspect> groups;
  std::unordered_map<std::string, LeakSuspect*> by_shape;  // nullptr: not a leak shape
  for (size_t i = 0; i < snap.goroutines.size(); ++i) {
    const Goroutine& g = snap.goroutines[i];
    if (g.system || g.frames.empty()) continue;
    auto [shape, added] = by_shape.try_emplace(ShapeOf(g), nullptr);
    if (added) {
      auto lines = StackLinesOf(g);
      std::string_view creator = g.created_by ? g.created_by->name : std::string_view();
      const PatternInfo& pattern = Classify(g.status, lines, creator);
      if (!pattern.may_leak) continue;
      Key key{g.status, *BlockingSiteOf(g, goroot), CreationSiteOf(g)};
      LeakSuspect& s = groups[key];
      if (!s.pattern) {
        s.status = g.status;
        s.blocking_site = std::get<1>(key);
        s.creation_site = std::get<2>(key);
        s.pattern = &pattern;
      }
      shape->second = &s;
    }
    if (shape->second) Add(*shape->second, g, i, proof);
  }
  std::vector<LeakSuspect> out;
  for (auto& [key, s] : groups) {
    if (s.goroutines.size() < options.min_count && s.proven == 0) continue;
    s.signature = GroupSignature(s.status, s.blocking_site, s.creation_site);
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
