#include "reports/retained_flame.h"

#include <algorithm>
#include <map>

namespace gf {
namespace {

struct TreeNode {
  std::string label;
  uint64_t bytes = 0, objects = 0;
  std::map<std::string, size_t> children;  // label -> index into the tree
};

// Samples share prefixes (a root's samples all start with it): one tree.
std::vector<TreeNode> Merge(const std::vector<RetainedSample>& samples) {
  std::vector<TreeNode> tree(1);
  for (const auto& s : samples) {
    size_t at = 0;
    tree[0].bytes += s.bytes;
    tree[0].objects += s.objects;
    for (const auto& frame : s.frames) {
      auto [it, fresh] = tree[at].children.try_emplace(frame, tree.size());
      if (fresh) tree.push_back({frame, 0, 0, {}});
      at = it->second;
      tree[at].bytes += s.bytes;
      tree[at].objects += s.objects;
    }
  }
  return tree;
}

}  // namespace

std::vector<FlameBox> RetainedFlame(const RetainedHeap& r, double min_share) {
  std::vector<TreeNode> tree = Merge(r.samples);
  const double min_bytes = std::max(1.0, min_share * static_cast<double>(r.reachable_bytes));
  std::vector<FlameBox> out;
  struct Pending {
    size_t node;
    uint32_t depth;
    uint64_t offset;
  };
  std::vector<Pending> stack;
  auto push_children = [&](size_t node, uint32_t depth, uint64_t offset) {
    std::vector<size_t> kids;
    for (const auto& [label, child] : tree[node].children)
      if (static_cast<double>(tree[child].bytes) >= min_bytes) kids.push_back(child);
    std::stable_sort(kids.begin(), kids.end(), [&](size_t a, size_t b) { return tree[a].bytes > tree[b].bytes; });
    std::vector<Pending> placed;
    for (size_t k : kids) {
      placed.push_back({k, depth, offset});
      offset += tree[k].bytes;
    }
    stack.insert(stack.end(), placed.rbegin(), placed.rend());  // largest popped first
  };
  push_children(0, 0, 0);
  while (!stack.empty()) {
    Pending p = stack.back();
    stack.pop_back();
    const TreeNode& n = tree[p.node];
    out.push_back({n.label, p.depth, p.offset, n.bytes, n.objects});
    push_children(p.node, p.depth + 1, p.offset);
  }
  return out;
}

}  // namespace gf
