#include "forensics/retained_heap.h"

#include <algorithm>
#include <future>
#include <stdexcept>
#include <unordered_map>

#include "forensics/dominator_tree.h"
#include "forensics/heap_histogram.h"
#include "gruntime/heap_type_inference.h"
#include "gruntime/target.h"

namespace gf {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr size_t kMaxPathSteps = 256;

// Children lists of the dominator tree, CSR, in its indices.
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

// Samples are the nodes of a trie of frame labels: each dominator tree
// node's sample is its dominator's with its own label appended (unless it
// repeats the last one, or the sample is max_frames deep already).
class SampleTrie {
 public:
  SampleTrie(size_t max_frames, uint32_t deeper) : max_frames_(max_frames), deeper_(deeper) {}
  uint32_t Child(uint32_t parent, uint32_t label) {
    if (nodes_[parent].label == label || nodes_[parent].label == deeper_) return parent;
    if (nodes_[parent].depth + 1 == max_frames_) label = deeper_;
    // Most lookups repeat a recent one: a small direct-mapped cache first.
    uint64_t key = uint64_t{parent} << 32 | label;
    Recent& r = recent_[(key * 0x9E3779B97F4A7C15u) >> (64 - kRecentBits)];
    if (r.key == key) return r.node;
    auto [it, fresh] = index_.try_emplace(key, static_cast<uint32_t>(nodes_.size()));
    if (fresh) nodes_.push_back({parent, label, nodes_[parent].depth + 1});
    r = {key, it->second};
    return it->second;
  }
  void Add(uint32_t node, uint64_t bytes) {
    nodes_[node].objects++;
    nodes_[node].bytes += bytes;
  }
  struct Node {
    uint32_t parent, label, depth;
    uint64_t objects = 0, bytes = 0;
  };
  const std::vector<Node>& nodes() const { return nodes_; }

 private:
  static constexpr int kRecentBits = 12;
  struct Recent {
    uint64_t key = UINT64_MAX;
    uint32_t node = 0;
  };
  size_t max_frames_;
  uint32_t deeper_;
  std::vector<Node> nodes_{{0, kNone, 0}};
  std::unordered_map<uint64_t, uint32_t> index_;
  std::vector<Recent> recent_ = std::vector<Recent>(size_t{1} << kRecentBits);
};

class Summarizer {
 public:
  Summarizer(const Heap& heap, const HeapGraph& graph, DominatorTree& tree, RetainedHeap& out)
      : heap_(heap), graph_(graph), tree_(tree), out_(out) {}

  // Consumes the tree's idom (the children lists replace it).
  void Run(const RetainedOptions& options);

 private:
  void Pack(size_t first_span, size_t end_span);
  void WalkTree(const Children& c, SampleTrie* trie);
  void AddPaths(const Children& c, size_t top);
  std::unordered_map<uint32_t, uint32_t> ObjectsAt(const std::vector<std::vector<uint32_t>>& chains) const;
  void AddSamples(const SampleTrie& trie);

  const Heap& heap_;
  const HeapGraph& graph_;
  DominatorTree& tree_;
  RetainedHeap& out_;
  BigVector<uint64_t> retained_;  // per tree index
  std::vector<uint32_t> root_index_;  // tree index of each root, kNone if unreached
  uint32_t kShared = 0, kTypes = 0, kDeeper = 0;  // sample labels after the roots'
  // Before the walk, retained_ holds each object's type index + 1 above its
  // size, each root's number + 1 (below kSizeBits: no object's), 0 for the
  // super-root.
  static constexpr int kSizeBits = 41;
  static constexpr uint64_t kSizeMask = (uint64_t{1} << kSizeBits) - 1;
};

void Summarizer::Run(const RetainedOptions& options) {
  const size_t reached = tree_.idom.size();
  kShared = static_cast<uint32_t>(out_.roots.size());
  kTypes = kShared + 1;
  kDeeper = kTypes + static_cast<uint32_t>(heap_.types().size());
  // The children lists on a thread of their own, while the objects are
  // read (type inference, done by now, had the other core).
  std::future<Children> children = std::async(std::launch::async, [this] {
    Children c(tree_.idom);
    Release(tree_.idom);
    return c;
  });
  // Each object's size and type first, read in heap order and packed where
  // the walk will keep the retained bytes.
  if (heap_.types().size() >= (uint64_t{1} << (64 - kSizeBits)) - 1)
    throw std::length_error("more than 8M heap types");
  retained_.reserve(reached);
  retained_.resize(reached);
  root_index_.assign(out_.roots.size(), kNone);
  for (size_t r = 0; r < out_.roots.size(); ++r)
    if (uint32_t i = tree_.order[graph_.RootNode(r)]; i != DominatorTree::kUnreached) {
      root_index_[r] = i;
      retained_[i] = r + 1;
    }
  // Half of the objects on another thread: the writes are cache misses,
  // which the two cores take in parallel.
  const auto& spans = heap_.spans();
  const size_t half = std::partition_point(spans.begin(), spans.end(),
                                           [&](const HeapSpan& s) {
                                             return s.first_object < heap_.object_count() / 2;
                                           }) -
                      spans.begin();
  std::future<void> upper = std::async(std::launch::async, [&] { Pack(half, spans.size()); });
  Pack(0, half);
  upper.get();
  Children c = children.get();
  SampleTrie trie(options.max_frames, kDeeper);
  WalkTree(c, options.samples ? &trie : nullptr);
  AddPaths(c, options.top_paths);
  if (options.samples) AddSamples(trie);
}

// retained_ at the reached objects of spans [first_span, end_span): their
// type index + 1 above their size.
void Summarizer::Pack(size_t first_span, size_t end_span) {
  for (size_t s = first_span; s < end_span; ++s) {
    const HeapSpan& span = heap_.spans()[s];
    const uint64_t size = std::min(span.elem_size, kSizeMask);
    for (uint32_t o = span.first_object; o < span.first_object + span.objects; ++o)
      if (uint32_t i = tree_.order[graph_.ObjectNode(o)]; i != DominatorTree::kUnreached)
        retained_[i] = uint64_t{heap_.type_index(o) + 1} << kSizeBits | size;
  }
}

// Depth-first over the dominator tree: each node's retained bytes and
// objects on the way out; per type, the objects with no dominator of the
// same type above them (so that nothing is counted twice); each object's
// sample from its dominator's (when trie is given).
void Summarizer::WalkTree(const Children& c, SampleTrie* trie) {
  struct Frame {
    uint32_t i, next;
    uint64_t bytes, objects;
    uint32_t top_type;  // kNone unless the first of its type on the way down
    uint32_t sample;
    uint32_t type;  // kNone unless an object
    uint32_t root;  // kNone unless a root
  };
  out_.by_type.assign(heap_.types().size(), {});
  for (uint32_t t = 0; t < out_.by_type.size(); ++t) out_.by_type[t].type = t;
  std::vector<uint32_t> active(heap_.types().size(), 0);
  out_.by_root.assign(out_.roots.size(), {});
  for (size_t r = 0; r < out_.roots.size(); ++r) out_.by_root[r].root = r;

  BigVector<Frame> stack;
  auto enter = [&](uint32_t i) {  // the node's frame, its dominator's on top of the stack
    uint64_t packed = retained_[i];
    Frame f{i, c.first[i], 0, 0, kNone, 0, kNone, kNone};
    if (packed >> kSizeBits) {
      f.bytes = packed & kSizeMask;
      uint32_t t = f.type = static_cast<uint32_t>((packed >> kSizeBits) - 1);
      f.objects = 1;
      out_.by_type[t].count++;
      out_.by_type[t].shallow_bytes += f.bytes;
      if (active[t]++ == 0) f.top_type = t;
      // Objects right below the super-root are reachable from several roots.
      const Frame& up = stack.back();
      if (trie) {
        f.sample = trie->Child(up.i == 0 ? trie->Child(0, kShared) : up.sample, kTypes + t);
        trie->Add(f.sample, f.bytes);
      }
    } else if (packed) {
      f.root = static_cast<uint32_t>(packed - 1);
      if (trie) f.sample = trie->Child(0, f.root);
    }
    return f;
  };
  // A node done, its dominator's frame on top of the stack (if any).
  auto leave = [&](const Frame& done) {
    retained_[done.i] = done.bytes;
    if (done.type != kNone) {
      uint32_t t = done.type;
      active[t]--;
      if (done.top_type != kNone) {
        out_.by_type[t].retained_bytes += done.bytes;
        out_.by_type[t].retained_objects += done.objects;
      }
      if (stack.back().i == 0) {
        out_.shared_bytes += done.bytes;
        out_.shared_objects += done.objects;
      }
    } else if (done.root != kNone) {
      out_.by_root[done.root].bytes = done.bytes;
      out_.by_root[done.root].objects = done.objects;
    } else {
      out_.reachable_bytes = done.bytes;
      out_.reachable_objects = done.objects;
    }
    if (!stack.empty()) {
      stack.back().bytes += done.bytes;
      stack.back().objects += done.objects;
    }
  };
  stack.push_back(enter(0));
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next < c.first[f.i + 1]) {
      // Most nodes dominate nothing: done as soon as entered, no frame.
      uint32_t i = c.child[f.next++];
      Frame child = enter(i);
      if (c.first[i] == c.first[i + 1]) leave(child);
      else stack.push_back(child);
      continue;
    }
    Frame done = f;
    stack.pop_back();
    leave(done);
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
  std::vector<std::vector<uint32_t>> chains;  // each path's tree indices
  for (const RetainedRoot& r : out_.by_root) {
    if (chains.size() == top || r.bytes == 0) break;
    std::vector<uint32_t>& chain = chains.emplace_back();
    for (uint32_t i = root_index_[r.root]; chain.size() < kMaxPathSteps; i = chain.back()) {
      uint32_t best = kNone;
      for (uint32_t k = c.first[i]; k < c.first[i + 1]; ++k)
        if (best == kNone || retained_[c.child[k]] > retained_[best]) best = c.child[k];
      if (best == kNone || retained_[best] * 2 < retained_[i]) break;
      chain.push_back(best);
    }
  }
  const auto objects = ObjectsAt(chains);
  for (size_t p = 0; p < chains.size(); ++p) {
    const RetainedRoot& r = out_.by_root[p];
    RetainerPath path{r.root, r.bytes, {}};
    for (uint32_t i : chains[p]) {
      uint32_t o = objects.at(i);
      if (!path.steps.empty() && heap_.type_index(path.steps.back().object) == heap_.type_index(o))
        path.steps.back().repeat++;
      else
        path.steps.push_back({o, retained_[i], 1});
    }
    out_.paths.push_back(std::move(path));
  }
}

// The object at each of these tree indices, in one pass over the objects
// (the tree keeps no list from index to node); a bitmap of the indices
// sought tells most objects apart without a lookup.
std::unordered_map<uint32_t, uint32_t> Summarizer::ObjectsAt(const std::vector<std::vector<uint32_t>>& chains) const {
  std::unordered_map<uint32_t, uint32_t> objects;
  std::vector<uint64_t> sought(retained_.size() / 64 + 1, 0);
  for (const auto& chain : chains)
    for (uint32_t i : chain) {
      objects.emplace(i, kNone);
      sought[i / 64] |= uint64_t{1} << (i % 64);
    }
  if (objects.empty()) return objects;
  for (uint32_t o = 0; o < heap_.object_count(); ++o) {
    uint32_t i = tree_.order[graph_.ObjectNode(o)];
    if (i != DominatorTree::kUnreached && (sought[i / 64] >> (i % 64) & 1)) objects[i] = o;
  }
  return objects;
}

void Summarizer::AddSamples(const SampleTrie& trie) {
  const uint32_t roots = static_cast<uint32_t>(out_.roots.size());
  auto label = [&](uint32_t l) -> std::string {
    if (l < roots) return out_.roots.roots[l].name;
    if (l == kShared) return "(reachable from several roots)";
    if (l == kDeeper) return "...";
    return HeapTypeLabel(heap_.types()[l - kTypes]);
  };
  const auto& nodes = trie.nodes();
  for (uint32_t s = 1; s < nodes.size(); ++s) {
    if (nodes[s].objects == 0) continue;
    RetainedSample out{{}, nodes[s].objects, nodes[s].bytes};
    for (uint32_t at = s; at != 0; at = nodes[at].parent) out.frames.push_back(label(nodes[at].label));
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

// out.roots: the roots `graph` was built over, named.
void Summarize(const Target& target, const HeapSnapshot& heap, const HeapGraph& graph, DominatorTree tree,
               const RetainedOptions& options, RetainedHeap& out) {
  out.warnings = out.roots.warnings;
  out.problems = graph.problems();
  out.graph_edges = tree.edges;
  out.mid_gc = MidGc(target);
  out.heap_objects = heap.totals.objects;
  out.heap_bytes = heap.totals.alloc_bytes;
  Summarizer(heap.heap, graph, tree, out).Run(options);
  Warn(out);
}

}  // namespace

RetainedHeap AnalyzeRetained(const Target& target, HeapSnapshot& heap, const GoroutineSnapshot& goroutines,
                             const RetainedOptions& options) {
  RetainedHeap out;
  HeapPointers pointers(target, heap);
  out.roots = ReadGcRoots(target, heap, goroutines, pointers);
  std::future<void> types;
  if (options.infer_heap_types) types = InferHeapTypesConcurrently(target, heap, &goroutines);
  HeapGraph graph(target.memory(), heap.heap, pointers, out.roots);
  DominatorTree tree = ComputeDominators(BuildEdgeLists(graph));
  if (types.valid()) types.get();
  NameRootObjects(out.roots, heap.heap);
  Summarize(target, heap, graph, std::move(tree), options, out);
  return out;
}

RetainedHeap AnalyzeRetained(const Target& target, const HeapSnapshot& heap, const GcRoots& roots,
                             const HeapGraph& graph, EdgeLists edges, const RetainedOptions& options) {
  RetainedHeap out;
  out.roots = roots;
  Summarize(target, heap, graph, ComputeDominators(std::move(edges)), options, out);
  return out;
}

}  // namespace gf
