#include "forensics/dominator_tree.h"

#include <algorithm>
#include <stdexcept>

#include "forensics/mapped_vector.h"
#include "/tmp/heap3/phase.h"

namespace gf {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

// Forward lists, CSR: the edges of node v are edges[first[v] .. first[v+1]).
struct ForwardLists {
  BigVector<uint32_t> first;
  MappedVector<uint32_t> edges;
};

ForwardLists BuildForward(const EdgeSource& g) {
  ForwardLists f;
  uint32_t n = g.node_count();
  f.first.assign(size_t{n} + 1, 0);
  uint32_t last = 0;
  g.ForEachEdge([&](uint32_t from, uint32_t to) {
    if (from < last || from >= n || to >= n) throw std::logic_error("EdgeSource: edges out of order or range");
    last = from;
    if (f.edges.size() == kNone) throw std::length_error("more than 4G pointers in the heap graph");
    f.first[from + 1]++;
    f.edges.push_back(to);
  });
  for (uint32_t v = 0; v < n; ++v) f.first[v + 1] += f.first[v];
  return f;
}

// Iterative depth-first search from node 0: preorder numbers, the nodes in
// preorder, and each one's tree parent (in preorder indices).
void Search(const ForwardLists& f, BigVector<uint32_t>& order, DominatorTree& t, BigVector<uint32_t>& parent) {
  struct Frame {
    uint32_t node;
    uint32_t next;  // its next edge
  };
  std::vector<Frame> stack;
  order[0] = 0;
  t.node.push_back(0);
  parent.push_back(0);
  stack.push_back({0, f.first[0]});
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == f.first[top.node + 1]) {
      stack.pop_back();
      continue;
    }
    uint32_t w = f.edges[top.next++];
    if (order[w] != kNone) continue;
    uint32_t from = order[top.node];
    order[w] = static_cast<uint32_t>(t.node.size());
    t.node.push_back(w);
    parent.push_back(from);
    stack.push_back({w, f.first[w]});
  }
}

// What the semidominator pass needs of each vertex w's predecessors, in
// preorder indices. A predecessor v < w (a tree or forward edge) offers v
// itself: only the least of those is kept (in label, which starts as the
// tree parent, one of them). A predecessor v > w (a back or cross edge)
// offers eval(v), known only when w is processed: those are listed,
// back[first[w] .. first[w+1]).
struct PredecessorLists {
  BigVector<uint32_t> first;
  BigVector<uint32_t> back;
};

// The forward edges, already in preorder indices, of the reached nodes;
// self-loops and edges into the root left out.
template <typename F>
void ForEachReachedEdge(const ForwardLists& f, const DominatorTree& t, F each) {
  for (uint32_t i = 0; i < t.node.size(); ++i) {
    uint32_t v = t.node[i];
    for (uint32_t k = f.first[v]; k < f.first[v + 1]; ++k)
      if (uint32_t w = f.edges[k]; w != kNone && w != i && w != 0) each(i, w);
  }
}

PredecessorLists BuildPredecessors(const ForwardLists& f, const DominatorTree& t, BigVector<uint32_t>& label) {
  const size_t m = t.node.size();
  PredecessorLists p;
  p.first.assign(m + 1, 0);
  ForEachReachedEdge(f, t, [&](uint32_t v, uint32_t w) {
    if (v < w) label[w] = std::min(label[w], v);
    else p.first[w]++;
  });
  uint32_t sum = 0;
  for (size_t i = 0; i < m; ++i) p.first[i] = sum += p.first[i];
  p.first[m] = sum;
  p.back.resize(sum);
  // Filling from each list's end leaves first[i] at its start.
  ForEachReachedEdge(f, t, [&](uint32_t v, uint32_t w) {
    if (v > w) p.back[--p.first[w]] = v;
  });
  return p;
}

// Semidominators (Lengauer–Tarjan, simple path compression), vertices in
// decreasing preorder; then each idom is the nearest ancestor of the tree
// parent that is not below the semidominator (Semi-NCA). label[] keeps the
// smallest semidominator on each compressed path (for an unprocessed
// vertex: its least smaller predecessor). A processed vertex's
// semidominator is kept in the slot of its predecessor list's end, which
// is no longer read once the vertex is done: no array of its own.
void SemiNca(PredecessorLists& p, BigVector<uint32_t>& parent, BigVector<uint32_t>& label) {
  const uint32_t m = static_cast<uint32_t>(parent.size());
  auto semi = [&](uint32_t v) { return p.first[v + 1]; };
  BigVector<uint32_t> ancestor = parent;
  std::vector<uint32_t> path;
  for (uint32_t w = m - 1; w >= 1; --w) {
    // Vertices above w are linked into the forest; eval(v) is the least
    // label on v's path to the root of its tree, the root left out.
    auto eval = [&](uint32_t v) {
      path.clear();
      for (uint32_t x = v; ancestor[x] > w; x = ancestor[x]) path.push_back(x);
      for (size_t j = path.size(); j-- > 0;) {
        uint32_t x = path[j], a = ancestor[x];
        if (label[a] < label[x]) label[x] = label[a];
        ancestor[x] = ancestor[a];
      }
      return label[v];
    };
    uint32_t s = label[w];
    for (uint32_t k = p.first[w]; k < p.first[w + 1]; ++k) s = std::min(s, eval(p.back[k]));
    label[w] = s;
    p.first[w + 1] = s;
  }
  for (uint32_t i = 1; i < m; ++i) {
    uint32_t d = parent[i];
    while (d > semi(i)) d = parent[d];
    parent[i] = d;
  }
}

}  // namespace

DominatorTree ComputeDominators(const EdgeSource& g) {
  DominatorTree t;
  if (g.node_count() == 0) return t;
  BigVector<uint32_t> parent, label;
  PredecessorLists p;
  {
    ForwardLists f = BuildForward(g);
    t.edges = f.edges.size();
    GfPhase("forward");
    {
      BigVector<uint32_t> order(g.node_count(), kNone);
      Search(f, order, t, parent);
      GfPhase("dfs");
      // Edges into preorder indices in place: order is not needed after.
      for (size_t k = 0; k < f.edges.size(); ++k) f.edges[k] = order[f.edges[k]];
    }
    t.node.shrink_to_fit();
    parent.shrink_to_fit();
    label = parent;
    p = BuildPredecessors(f, t, label);
    GfPhase("preds");
  }
  SemiNca(p, parent, label);
  GfPhase("seminca");
  t.idom = std::move(parent);
  return t;
}

}  // namespace gf
