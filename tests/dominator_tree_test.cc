// The dominator tree against its definition on random graphs: d dominates
// v when every path from the root to v passes d, i.e. v is unreachable once
// d is removed. Brute force over small graphs is the oracle.
#include <gtest/gtest.h>

#include <random>
#include <utility>
#include <vector>

#include "forensics/dominator_tree.h"

namespace gf {
namespace {

// parts > 1: read in that many parts of consecutive nodes, on threads.
class ListGraph : public EdgeSource {
 public:
  explicit ListGraph(uint32_t n, size_t parts = 1) : out_(n), parts_(parts) {}
  void Add(uint32_t from, uint32_t to) { out_[from].push_back(to); }
  uint32_t node_count() const override { return static_cast<uint32_t>(out_.size()); }
  size_t part_count() const override { return parts_; }
  void ForEachEdgeOfPart(size_t part, Sink& sink) const override {
    for (uint32_t v = First(part); v < First(part + 1); ++v)
      for (uint32_t w : out_[v]) sink.Add(v, w);
  }
  // Reachable from 0 without passing `removed`.
  std::vector<bool> Reach(uint32_t removed) const {
    std::vector<bool> seen(out_.size());
    std::vector<uint32_t> stack{0};
    seen[0] = true;
    while (!stack.empty()) {
      uint32_t v = stack.back();
      stack.pop_back();
      for (uint32_t w : out_[v])
        if (w != removed && !seen[w]) seen[w] = true, stack.push_back(w);
    }
    return seen;
  }

 private:
  uint32_t First(size_t part) const { return static_cast<uint32_t>(out_.size() * part / parts_); }

  std::vector<std::vector<uint32_t>> out_;
  size_t parts_;
};

// The immediate dominator by definition: the strict dominator that every
// other strict dominator dominates (the one dominated by all others).
std::vector<int> BruteForceIdom(const ListGraph& g) {
  uint32_t n = g.node_count();
  auto all = g.Reach(UINT32_MAX);
  std::vector<std::vector<bool>> dom(n, std::vector<bool>(n));  // dom[d][v]
  for (uint32_t d = 0; d < n; ++d) {
    auto r = g.Reach(d == 0 ? UINT32_MAX : d);
    for (uint32_t v = 0; v < n; ++v) dom[d][v] = all[v] && (d == v || d == 0 || !r[v]);
  }
  std::vector<int> idom(n, -1);
  for (uint32_t v = 1; v < n; ++v) {
    if (!all[v]) continue;
    for (uint32_t d = 0; d < n; ++d) {
      if (d == v || !dom[d][v]) continue;
      bool immediate = true;
      for (uint32_t e = 0; e < n && immediate; ++e)
        if (e != v && e != d && dom[e][v] && !dom[e][d]) immediate = false;
      if (immediate) idom[v] = static_cast<int>(d);
    }
  }
  return idom;
}

TEST(DominatorTree, MatchesDefinitionOnRandomGraphs) {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    uint32_t n = 1 + rng() % 24;
    ListGraph g(n, 1 + round % 4);
    uint32_t edges = rng() % (3 * n + 1);
    std::vector<std::pair<uint32_t, uint32_t>> list;
    for (uint32_t i = 0; i < edges; ++i) list.push_back({rng() % n, rng() % n});
    std::sort(list.begin(), list.end());
    for (auto [a, b] : list) g.Add(a, b);

    DominatorTree t = ComputeDominators(g);
    std::vector<int> want = BruteForceIdom(g);
    std::vector<uint32_t> node(t.idom.size());
    for (uint32_t v = 0; v < n; ++v)
      if (t.order[v] != DominatorTree::kUnreached) node.at(t.order[v]) = v;
    std::vector<int> got(n, -1);
    for (size_t i = 1; i < node.size(); ++i) {
      ASSERT_LT(t.idom[i], i);
      got[node[i]] = static_cast<int>(node[t.idom[i]]);
    }
    ASSERT_EQ(got, want) << "round " << round;
  }
}

// Parts read on threads of their own join into the lists one pass makes.
TEST(EdgeLists, PartsJoinInOrder) {
  std::mt19937 rng(11);
  const uint32_t n = 5000;
  ListGraph one(n), four(n, 4);
  for (uint32_t v = 0; v < n; ++v)
    for (uint32_t k = rng() % 5; k > 0; --k) {
      uint32_t w = rng() % n;
      one.Add(v, w);
      four.Add(v, w);
    }
  EdgeLists a = BuildEdgeLists(one), b = BuildEdgeLists(four);
  ASSERT_EQ(a.first, b.first);
  ASSERT_EQ(a.targets.size(), b.targets.size());
  for (size_t k = 0; k < a.targets.size(); ++k) ASSERT_EQ(a.targets[k], b.targets[k]) << k;
}

TEST(DominatorTree, DeepChainDoesNotRecurse) {
  const uint32_t n = 2'000'000;
  ListGraph g(n);
  for (uint32_t v = 0; v + 1 < n; ++v) g.Add(v, v + 1);
  g.Add(n - 1, 1);  // a cycle back to the head
  DominatorTree t = ComputeDominators(g);
  ASSERT_EQ(t.idom.size(), n);
  for (uint32_t i = 1; i < n; ++i) ASSERT_EQ(t.idom[i], i - 1);
}

}  // namespace
}  // namespace gf
