#include "forensics/retained_heap.h"

#include <algorithm>
#include <unordered_map>

#include "forensics/heap_histogram.h"
#include "gruntime/target.h"
#include "/tmp/heap3/phase.h"

namespace gf {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr size_t kMaxPathSteps = 256;

// Children lists of the dominator tree, CSR, in preorder indices.
struct Children {
  BigVector<uint32_t> first, child;
  Children(const BigVector<uint32_t>& idom) : first(idom.size() + 1, 0), child(idom.size() ? idom.size() - 1 : 0) {
    for (size_t i = 1; i < idom.size(); ++i) first[idom[i]]++;
    uint32_t sum = 0;
    for (size_t i = 0; i < idom.size(); ++i) first[i] = sum += first[i];
    first[idom.size()] = sum;
    for (size_t i = idom.size(); i-- > 1;) child[--first[idom[i]]] = static_cast<uint32_t>(i);
  }
};

class Summarizer {
 public:
  Summarizer(const Heap& heap, const HeapGraph& graph, const DominatorTree& tree, RetainedHeap& out)
      : heap_(heap), graph_(graph), tree_(tree), out_(out) {}

  void Run(const RetainedOptions& options);

 private:
  void WalkTree(const Children& c);
  void AddPaths(const Children& c, size_t top);
  void AddSamples(size_t max_frames);
  uint64_t SizeAt(uint32_t i) const {
    uint32_t n = tree_.node[i];
    return graph_.IsObject(n) ? heap_.size(graph_.ObjectOf(n)) : 0;
  }

  const Heap& heap_;
  const HeapGraph& graph_;
  const DominatorTree& tree_;
  RetainedHeap& out_;
  BigVector<uint64_t> retained_;  // per preorder index
  std::vector<uint32_t> root_index_;  // preorder index of each root, kNone if unreached
};

void Summarizer::Run(const RetainedOptions& options) {
  root_index_.assign(out_.roots.size(), kNone);
  {
    Children c(tree_.idom);
    WalkTree(c);
    GfPhase("walktree");
    AddPaths(c, options.top_paths);
  }
  retained_ = {};
  AddSamples(options.max_frames);
}

// Depth-first over the dominator tree: each node's retained bytes and
// objects on the way out; per type, the objects with no dominator of the
// same type above them (so that nothing is counted twice).
void Summarizer::WalkTree(const Children& c) {
  struct Frame {
    uint32_t i, next;
    uint64_t bytes, objects;
    uint32_t top_type;  // kNone unless the first of its type on the way down
  };
  const size_t m = tree_.node.size();
  retained_.assign(m, 0);
  out_.by_type.assign(heap_.types().size(), {});
  for (uint32_t t = 0; t < out_.by_type.size(); ++t) out_.by_type[t].type = t;
  std::vector<uint32_t> active(heap_.types().size(), 0);
  out_.by_root.assign(out_.roots.size(), {});
  for (size_t r = 0; r < out_.roots.size(); ++r) out_.by_root[r].root = r;

  std::vector<Frame> stack;
  auto enter = [&](uint32_t i) {
    Frame f{i, c.first[i], 0, 0, kNone};
    uint32_t n = tree_.node[i];
    if (graph_.IsObject(n)) {
      uint32_t o = graph_.ObjectOf(n), t = heap_.type_index(o);
      f.bytes = heap_.size(o);
      f.objects = 1;
      out_.by_type[t].count++;
      out_.by_type[t].shallow_bytes += f.bytes;
      if (active[t]++ == 0) f.top_type = t;
    } else if (graph_.IsRoot(n)) {
      root_index_[graph_.RootOf(n)] = i;
    }
    stack.push_back(f);
  };
  enter(0);
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next < c.first[f.i + 1]) {
      enter(c.child[f.next++]);
      continue;
    }
    Frame done = f;
    stack.pop_back();
    retained_[done.i] = done.bytes;
    uint32_t n = tree_.node[done.i];
    if (graph_.IsObject(n)) {
      uint32_t t = heap_.type_index(graph_.ObjectOf(n));
      active[t]--;
      if (done.top_type != kNone) {
        out_.by_type[t].retained_bytes += done.bytes;
        out_.by_type[t].retained_objects += done.objects;
      }
      // Objects right below the super-root are reachable from several roots.
      if (tree_.idom[done.i] == 0) {
        out_.shared_bytes += done.bytes;
        out_.shared_objects += done.objects;
      }
    } else if (graph_.IsRoot(n)) {
      out_.by_root[graph_.RootOf(n)].bytes = done.bytes;
      out_.by_root[graph_.RootOf(n)].objects = done.objects;
    } else {
      out_.reachable_bytes = done.bytes;
      out_.reachable_objects = done.objects;
    }
    if (!stack.empty()) {
      stack.back().bytes += done.bytes;
      stack.back().objects += done.objects;
    }
  }
  std::erase_if(out_.by_type, [](const RetainedType& t) { return t.count == 0; });
  std::stable_sort(out_.by_type.begin(), out_.by_type.end(),
                   [](const RetainedType& a, const RetainedType& b) { return a.retained_bytes > b.retained_bytes; });
  std::stable_sort(out_.by_root.begin(), out_.by_root.end(),
                   [](const RetainedRoot& a, const RetainedRoot& b) { return a.bytes > b.bytes; });
}

// From each of the roots retaining most, down the child that retains the
// most while it holds at least half of its parent's share: the path ends
// where the retained bytes fan out.
void Summarizer::AddPaths(const Children& c, size_t top) {
  for (const RetainedRoot& r : out_.by_root) {
    if (out_.paths.size() == top || r.bytes == 0) break;
    RetainerPath path{r.root, r.bytes, {}};
    uint32_t i = root_index_[r.root];
    for (size_t n = 0; n < kMaxPathSteps; ++n) {
      uint32_t best = kNone;
      for (uint32_t k = c.first[i]; k < c.first[i + 1]; ++k)
        if (best == kNone || retained_[c.child[k]] > retained_[best]) best = c.child[k];
      if (best == kNone || retained_[best] * 2 < retained_[i]) break;
      uint32_t o = graph_.ObjectOf(tree_.node[best]);
      if (!path.steps.empty() && heap_.type_index(path.steps.back().object) == heap_.type_index(o))
        path.steps.back().repeat++;
      else
        path.steps.push_back({o, retained_[best], 1});
      i = best;
    }
    out_.paths.push_back(std::move(path));
  }
}

// Samples are the nodes of a trie of frame labels: each dominator tree
// node's sample is its dominator's with its own label appended (unless it
// repeats the last one, or the sample is max_frames deep already).
void Summarizer::AddSamples(size_t max_frames) {
  struct TrieNode {
    uint32_t parent, label, depth;
    uint64_t objects = 0, bytes = 0;
  };
  const uint32_t roots = static_cast<uint32_t>(out_.roots.size());
  const uint32_t kShared = roots, kTypes = roots + 1;
  const uint32_t kDeeper = kTypes + static_cast<uint32_t>(heap_.types().size());
  std::vector<TrieNode> trie{{0, kNone, 0}};
  std::unordered_map<uint64_t, uint32_t> index;
  auto child = [&](uint32_t parent, uint32_t label) {
    if (trie[parent].label == label || trie[parent].label == kDeeper) return parent;
    if (trie[parent].depth + 1 == max_frames) label = kDeeper;
    auto [it, fresh] = index.try_emplace(uint64_t{parent} << 32 | label, static_cast<uint32_t>(trie.size()));
    if (fresh) trie.push_back({parent, label, trie[parent].depth + 1});
    return it->second;
  };
  BigVector<uint32_t> sample(tree_.node.size(), 0);
  for (uint32_t i = 1; i < tree_.node.size(); ++i) {
    uint32_t n = tree_.node[i];
    if (graph_.IsRoot(n)) {
      sample[i] = child(0, static_cast<uint32_t>(graph_.RootOf(n)));
      continue;
    }
    uint32_t o = graph_.ObjectOf(n);
    uint32_t parent = tree_.idom[i] == 0 ? child(0, kShared) : sample[tree_.idom[i]];
    uint32_t s = sample[i] = child(parent, kTypes + heap_.type_index(o));
    trie[s].objects++;
    trie[s].bytes += heap_.size(o);
  }
  sample = {};
  auto label = [&](uint32_t l) -> std::string {
    if (l < roots) return out_.roots.roots[l].name;
    if (l == kShared) return "(reachable from several roots)";
    if (l == kDeeper) return "...";
    return HeapTypeLabel(heap_.types()[l - kTypes]);
  };
  for (uint32_t s = 1; s < trie.size(); ++s) {
    if (trie[s].objects == 0) continue;
    RetainedSample out{{}, trie[s].objects, trie[s].bytes};
    for (uint32_t at = s; at != 0; at = trie[at].parent) out.frames.push_back(label(trie[at].label));
    std::reverse(out.frames.begin(), out.frames.end());
    out_.samples.push_back(std::move(out));
  }
}

bool MidGc(const Target& target) {
  auto phase = target.MaybeGlobal("runtime.gcphase");
  if (!phase) return false;
  try {
    return target.memory().Read<uint32_t>(*phase) != 0;
  } catch (const MemoryFault&) {
    return false;
  }
}

void Warn(RetainedHeap& out) {
  const auto& p = out.problems;
  auto say = [&](uint64_t n, const std::string& what) {
    if (n) out.warnings.push_back(std::to_string(n) + " " + what);
  };
  say(p.objects_without_map, "objects whose pointer map is not in the core: read word by word");
  say(p.objects_not_in_core, "objects whose memory is not in the core: their pointers are not followed");
  say(p.root_words_not_in_core, "root words not in the core: skipped");
  say(p.pointers_to_free_slots, "pointer words point into free heap slots (torn or stale): skipped");
  if (out.mid_gc)
    out.warnings.push_back("the core was taken during a garbage collection: objects the collector has not swept "
                           "yet count as unreachable, new ones as allocated");
}

}  // namespace

RetainedHeap AnalyzeRetained(const Target& target, const HeapSnapshot& heap, const GoroutineSnapshot& goroutines,
                             const RetainedOptions& options) {
  RetainedHeap out;
  HeapPointers pointers(target, heap);
  GfPhase("before roots");
  out.roots = ReadGcRoots(target, heap, goroutines, pointers);
  out.warnings = out.roots.warnings;
  HeapGraph graph(target.memory(), heap.heap, pointers, out.roots);
  GfPhase("roots");
  DominatorTree tree = ComputeDominators(graph);
  GfPhase("dominators");
  out.graph_edges = tree.edges;
  out.problems = graph.problems();
  out.mid_gc = MidGc(target);
  out.heap_objects = heap.totals.objects;
  out.heap_bytes = heap.totals.alloc_bytes;
  Summarizer(heap.heap, graph, tree, out).Run(options);
  GfPhase("summarize");
  Warn(out);
  return out;
}

}  // namespace gf
