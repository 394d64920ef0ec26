#include "forensics/goroutine_groups.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>

namespace gf {
namespace {

// Symbolized PCs are interned by the symbolizer, so two goroutines stopped
// at the same places share the same pointers: the key compares those, not
// strings. Frames at the same source line but different PCs stay apart,
// which is what Go's own pprof goroutine grouping does too.
struct GroupKey {
  std::string_view status;
  std::vector<const SymbolizedPc*> stack;
  const SymbolizedPc* created_by;
  bool operator<(const GroupKey& o) const {
    return std::tie(status, stack, created_by) < std::tie(o.status, o.stack, o.created_by);
  }
};

GroupKey KeyOf(const Goroutine& g) {
  GroupKey k{g.status, {}, g.created_by};
  k.stack.reserve(g.frames.size());
  for (const auto& f : g.frames) k.stack.push_back(f.sym);
  return k;
}

void AddWait(GoroutineGroup& group, const Goroutine& g) {
  if (!g.wait_minutes) return;
  int64_t w = *g.wait_minutes;
  group.min_wait_minutes = group.min_wait_minutes ? std::min(*group.min_wait_minutes, w) : w;
  group.max_wait_minutes = group.max_wait_minutes ? std::max(*group.max_wait_minutes, w) : w;
}

}  // namespace

std::vector<GoroutineGroup> GroupGoroutines(const std::vector<Goroutine>& goroutines) {
  std::map<GroupKey, GoroutineGroup> by_key;
  for (const auto& g : goroutines) {
    auto& group = by_key[KeyOf(g)];
    group.members.push_back(&g);
    AddWait(group, g);
  }
  std::vector<GoroutineGroup> out;
  out.reserve(by_key.size());
  for (auto& [key, group] : by_key) {
    std::sort(group.members.begin(), group.members.end(), [](auto* a, auto* b) { return a->id < b->id; });
    out.push_back(std::move(group));
  }
  std::sort(out.begin(), out.end(), [](const GoroutineGroup& a, const GoroutineGroup& b) {
    if (a.members.size() != b.members.size()) return a.members.size() > b.members.size();
    return a.representative().id < b.representative().id;
  });
  return out;
}

}  // namespace gf
