#include "forensics/dominator_tree.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <future>
#include <stdexcept>
#include <thread>
#include <utility>

#include "forensics/mapped_vector.h"

namespace gf {
namespace {

constexpr uint32_t kNone = DominatorTree::kUnreached;
constexpr uint32_t kPrefetchAhead = 16;
constexpr size_t kPopAhead = 64;  // frames: see Search

// The nodes with no edges out and exactly one in, other than the root, as
// a bitmap. Such a leaf is dominated by its one predecessor and lies on no
// path to another node: the search leaves it out (its edge in would cost a
// cache miss or two: the list, and the look at whether it was seen), and it
// is numbered after (NumberLeaves). In a Go heap these are most strings and
// byte slices, a third or more of the objects.
std::vector<uint64_t> SinglePredecessorLeaves(const EdgeLists& f) {
  const uint32_t n = f.node_count();
  std::vector<uint64_t> once(n / 64 + 1, 0), twice(n / 64 + 1, 0);
  for (size_t k = 0; k < f.targets.size(); ++k) {
    uint32_t w = f.targets[k];
    uint64_t bit = uint64_t{1} << (w % 64);
    if (once[w / 64] & bit) twice[w / 64] |= bit;
    once[w / 64] |= bit;
  }
  for (uint32_t v = 0; v < n; ++v)
    if (v == 0 || f.first[v] != f.first[v + 1]) once[v / 64] &= ~(uint64_t{1} << (v % 64));
  for (size_t i = 0; i < once.size(); ++i) once[i] &= ~twice[i];
  return once;
}

bool IsLeaf(const std::vector<uint64_t>& leaves, uint32_t v) { return (leaves[v / 64] >> (v % 64)) & 1; }

// Each node's list offset and first target (kNone for a node with no
// edges), side by side in one record: going down to a node's first child,
// the usual step of a deep search, then asks for one cache line, not two
// (the offsets and a first-target array of their own), and never waits on
// the list itself.
// The records replace the offsets while the search runs, in the same
// memory at every moment (FrontRelease); RestoreOffsets gives them back.
struct NodeRecord {
  uint32_t first, head;
};

// The records, over lists without their leaves: each leaf's edge in is
// taken out, and its source written down as the leaf's order[] until
// NumberLeaves numbers it.
BigVector<NodeRecord> TakeNodeRecords(EdgeLists& f, const std::vector<uint64_t>& leaves, BigVector<uint32_t>& order) {
  const uint32_t n = f.node_count();
  BigVector<NodeRecord> r;
  r.reserve(n + 1);
  FrontRelease<uint32_t> read(f.first);
  uint32_t kept = 0;
  for (uint32_t v = 0; v < n; ++v) {
    const uint32_t begin = kept;
    for (uint32_t k = f.first[v]; k < f.first[v + 1]; ++k) {
      uint32_t w = f.targets[k];
      if (IsLeaf(leaves, w)) order[w] = v;
      else f.targets[kept++] = w;
    }
    r.push_back({begin, begin < kept ? f.targets[begin] : kNone});
    read.Consume(v);
  }
  r.push_back({kept, kNone});
  Release(f.first);
  f.targets.resize_down(kept);
  return r;
}

void RestoreOffsets(BigVector<NodeRecord>& r, EdgeLists& f) {
  f.first.reserve(r.size());
  FrontRelease<NodeRecord> read(r);
  for (size_t v = 0; v < r.size(); ++v) {
    f.first.push_back(r[v].first);
    read.Consume(v);
  }
  Release(r);
}

// Iterative depth-first search from node 0: preorder numbers, and each
// reached node's tree parent (in preorder indices). Whether a node was seen
// is a bit: the bitmap stays in cache where order[] would not.
void Search(const EdgeLists& f, const BigVector<NodeRecord>& records, BigVector<uint32_t>& order,
            BigVector<uint32_t>& parent) {
  struct Frame {
    uint32_t index;      // the node's preorder number
    uint32_t next, end;  // its edges still to follow
    uint32_t head;       // its first target while not followed, else kNone
  };
  auto bit = [](uint32_t w) { return uint64_t{1} << (w % 64); };
  std::vector<uint64_t> seen(order.size() / 64 + 1, 0);
  BigVector<Frame> stack;  // as deep as the longest list in the heap: give it back when done
  uint32_t count = 0;
  auto push = [&](uint32_t w) {
    uint32_t h = records[w].head, begin = records[w].first, end = records[w + 1].first;
    stack.push_back({count - 1, begin, end, h});
    if (h == kNone) return;
    // The first child is next: its list's offset and first target. The
    // rest of this list is read when the search comes back up.
    __builtin_prefetch(&records[h]);
    if (begin + 1 < end) __builtin_prefetch(&f.targets[begin + 1]);
  };
  seen[0] |= bit(0);
  order[0] = count++;
  parent.push_back(0);
  push(0);
  while (!stack.empty()) {
    Frame& top = stack.back();
    uint32_t w;
    if (top.head != kNone) {
      w = top.head;
      top.head = kNone;
      top.next++;
    } else if (top.next == top.end) {
      stack.pop_back();
      // Coming back up, each frame's next edge is read: asked for this
      // many frames ahead, as it was evicted while the frame's subtree was
      // searched (a deep one, in a heap's long chains).
      if (stack.size() > kPopAhead) {
        const Frame& below = stack[stack.size() - kPopAhead];
        if (below.next < below.end) __builtin_prefetch(&f.targets[below.next]);
      }
      continue;
    } else {
      w = f.targets[top.next++];
      // Its next sibling's records, read after w's subtree at the earliest.
      if (top.next < top.end) {
        uint32_t sibling = f.targets[top.next];
        __builtin_prefetch(&records[sibling]);
      }
    }
    if (seen[w / 64] & bit(w)) continue;
    seen[w / 64] |= bit(w);
    parent.push_back(top.index);
    order[w] = count++;
    push(w);
  }
}

// The reached leaves, numbered after the searched nodes: each one's tree
// parent is its predecessor, and it is no edge's source, so that where it
// comes after its parent does not matter to the semidominators. They are
// grouped by parent, the parents in preorder (a counting sort), for the
// walk down the dominator tree to meet them in about the order it meets
// their parents, not at random. Returns their parents (the k-th leaf's is
// that of number searched + k); an unreached leaf's order[] becomes kNone.
BigVector<uint32_t> NumberLeaves(const std::vector<uint64_t>& leaves, uint32_t searched, BigVector<uint32_t>& order) {
  const uint32_t n = static_cast<uint32_t>(order.size());
  // Per searched node: its leaves' count, then where their numbers start.
  BigVector<uint32_t> next(size_t{searched} + 1, 0);
  auto each_leaf = [&](auto fn) {
    for (uint32_t l = 0; l < n; ++l) {
      // The parent's number (order[] of the leaf's source) is read at
      // random, then next[] at it: asked for ahead, in two steps.
      if (l + 2 * kPrefetchAhead < n && IsLeaf(leaves, l + 2 * kPrefetchAhead))
        __builtin_prefetch(&order[order[l + 2 * kPrefetchAhead]]);
      if (l + kPrefetchAhead < n && IsLeaf(leaves, l + kPrefetchAhead))
        if (uint32_t ahead = order[order[l + kPrefetchAhead]]; ahead != kNone) __builtin_prefetch(&next[ahead]);
      if (IsLeaf(leaves, l)) fn(l, order[order[l]]);
    }
  };
  each_leaf([&](uint32_t, uint32_t i) {
    if (i != kNone) next[i]++;
  });
  uint32_t sum = 0;
  for (uint32_t i = 0; i < searched; ++i) sum += std::exchange(next[i], sum);
  BigVector<uint32_t> parent;
  parent.reserve(sum);
  parent.resize(sum);
  each_leaf([&](uint32_t l, uint32_t i) {
    if (i == kNone) {
      order[l] = kNone;
      return;
    }
    parent[next[i]] = i;
    order[l] = searched + next[i]++;
  });
  return parent;
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

// The back and cross edges (i -> w with w < i), in preorder indices, by
// source: the sources with any, in graph order (bit v of `from`), each one's
// targets in a row, the last with kLast set.
struct BackEdges {
  static constexpr uint32_t kLast = uint32_t{1} << 31;
  std::vector<uint64_t> from;
  MappedVector<uint32_t> to;
};

// Rewrites the forward lists of the nodes [lo, hi) in place into their
// back and cross edges, from first[lo] on; returns how many. A forward edge
// offers its source, kept in label[w] if less than what is there (the tree
// parent, at first): another thread may be doing the same, hence the
// atomic minimum (rarely written: mostly the source is the tree parent).
uint32_t KeepBackEdgesOf(EdgeLists& f, size_t lo, size_t hi, const BigVector<uint32_t>& order,
                         BigVector<uint32_t>& label, std::vector<uint64_t>& from) {
  // Edges past `end` are the other thread's, rewritten as it goes: not read.
  const uint32_t end = f.first[hi];
  uint32_t kept = f.first[lo];
  for (size_t v = lo; v < hi; ++v) {
    uint32_t i = order[v], start = kept;
    if (i == kNone) continue;
    for (uint32_t k = f.first[v]; k < f.first[v + 1]; ++k) {
      // order[] and label[] are read at random: ask for order a few edges
      // ahead, and for label half as far ahead, once that order is in.
      if (k + 2 * kPrefetchAhead < end) __builtin_prefetch(&order[f.targets[k + 2 * kPrefetchAhead]]);
      if (k + kPrefetchAhead < end)
        if (uint32_t ahead = order[f.targets[k + kPrefetchAhead]]; ahead != kNone) __builtin_prefetch(&label[ahead]);
      uint32_t w = order[f.targets[k]];
      if (w < i && w != 0) {
        f.targets[kept++] = w;
      } else if (w > i) {
        std::atomic_ref<uint32_t> least(label[w]);
        uint32_t now = least.load(std::memory_order_relaxed);
        while (i < now && !least.compare_exchange_weak(now, i, std::memory_order_relaxed)) {
        }
      }
    }
    if (kept > start) {
      f.targets[kept - 1] |= BackEdges::kLast;
      from[v / 64] |= uint64_t{1} << (v % 64);
    }
  }
  return kept - f.first[lo];
}

// The back and cross edges of every node; tree edges, self-loops, edges
// into the root and out of unreached nodes go. Two threads, each on the
// nodes holding half of the edges (split at a multiple of 64: `from` is
// written a word at a time); the second half's edges then move down to
// follow the first's. This is where the memory peaks: the forward lists'
// offsets and the rest of the edges are given back.
BackEdges KeepBackEdges(EdgeLists& f, const BigVector<uint32_t>& order, BigVector<uint32_t>& label) {
  const size_t n = order.size();
  BackEdges b;
  b.from.assign(n / 64 + 1, 0);
  size_t mid = std::upper_bound(f.first.begin(), f.first.begin() + n, f.targets.size() / 2) - f.first.begin();
  mid = std::min(n, mid / 64 * 64);
  uint32_t upper_kept = 0;
  std::thread upper([&] { upper_kept = KeepBackEdgesOf(f, mid, n, order, label, b.from); });
  uint32_t kept = KeepBackEdgesOf(f, 0, mid, order, label, b.from);
  upper.join();
  if (upper_kept) std::memmove(&f.targets[kept], &f.targets[f.first[mid]], size_t{upper_kept} * sizeof(uint32_t));
  f.targets.resize_down(kept + upper_kept);
  b.to = std::move(f.targets);
  Release(f.first);
  return b;
}

// back[first[w] .. first[w+1]): the sources of the back edges into w.
// Two threads, each for the targets in its half of the preorder: each
// reads every back edge (in a row, cheap) and updates only its own
// targets' counts and lists (at random, the costly part), so that no
// two write the same entry and the lists come out as one thread makes them.
PredecessorLists BuildPredecessors(const BackEdges& b, const BigVector<uint32_t>& order, size_t m) {
  PredecessorLists p;
  // The targets' counts are met at random: asked for a few edges ahead.
  auto each = [&](uint32_t lo, uint32_t hi, auto fn) {
    auto mine = [&](uint32_t w) { return w - lo < hi - lo; };
    size_t k = 0;
    for (size_t v = 0; v < order.size(); ++v) {
      if (!((b.from[v / 64] >> (v % 64)) & 1)) continue;
      uint32_t i = order[v], w;
      do {
        if (k + kPrefetchAhead < b.to.size())
          if (uint32_t ahead = b.to[k + kPrefetchAhead] & ~BackEdges::kLast; mine(ahead))
            __builtin_prefetch(&p.first[ahead]);
        w = b.to[k++];
        if (mine(w & ~BackEdges::kLast)) fn(i, w & ~BackEdges::kLast);
      } while (!(w & BackEdges::kLast));
    }
  };
  auto in_halves = [&](auto fn) {
    const uint32_t half = static_cast<uint32_t>(m / 2);
    std::thread upper([&] { each(half, static_cast<uint32_t>(m), fn); });
    each(0, half, fn);
    upper.join();
  };
  p.first.assign(m + 1, 0);
  in_halves([&](uint32_t, uint32_t w) { p.first[w]++; });
  uint32_t sum = 0;
  for (size_t i = 0; i < m; ++i) p.first[i] = sum += p.first[i];
  p.first[m] = sum;
  p.back.resize(sum);
  // Filling from each list's end leaves first[i] at its start.
  in_halves([&](uint32_t i, uint32_t w) { p.back[--p.first[w]] = i; });
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
    for (uint32_t k = p.first[w]; k < p.first[w + 1]; ++k) {
      // The lists are met from the last down: what lies below this one is
      // next, vertices whose ancestors and labels are read at random.
      if (k >= kPrefetchAhead) {
        uint32_t ahead = p.back[k - kPrefetchAhead];
        __builtin_prefetch(&ancestor[ahead]);
        __builtin_prefetch(&label[ahead]);
      }
      s = std::min(s, eval(p.back[k]));
    }
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

DominatorTree ComputeDominators(const EdgeSource& g) { return ComputeDominators(BuildEdgeLists(g)); }

DominatorTree ComputeDominators(EdgeLists f) {
  DominatorTree t;
  const uint32_t n = f.node_count();
  if (n == 0) return t;
  if (n >= BackEdges::kLast) throw std::length_error("more than 2G nodes in the heap graph");
  BigVector<uint32_t> order, parent, label;
  std::vector<uint64_t> leaves = SinglePredecessorLeaves(f);
  PredecessorLists p;
  {
    t.edges = f.targets.size();
    order.assign(n, kNone);
    // Capacity that is never written costs no memory (MappedAllocator).
    parent.reserve(n);
    BigVector<NodeRecord> records = TakeNodeRecords(f, leaves, order);
    Search(f, records, order, parent);
    RestoreOffsets(records, f);
    label.reserve(parent.size());
    label.assign(parent.begin(), parent.end());
    // A leaf's order[] is still its source here: its list is empty.
    BackEdges b = KeepBackEdges(f, order, label);
    p = BuildPredecessors(b, order, parent.size());
  }
  // The semidominators wait on memory, one vertex after another, on one
  // core; the leaves' numbers need none of their results, and are made on
  // the other meanwhile.
  std::future<BigVector<uint32_t>> numbering = std::async(
      std::launch::async, [&, searched = static_cast<uint32_t>(parent.size())] {
        return NumberLeaves(leaves, searched, order);
      });
  SemiNca(p, parent, label);
  const BigVector<uint32_t> leaf_parents = numbering.get();
  p = {};
  Release(label);
  parent.insert(parent.end(), leaf_parents.begin(), leaf_parents.end());
  t.idom = std::move(parent);
  t.order = std::move(order);
  return t;
}

}  // namespace gf
