#include "forensics/edge_lists.h"

#include <stdexcept>

namespace gf {

EdgeLists BuildEdgeLists(const EdgeSource& g) {
  EdgeLists f;
  uint32_t n = g.node_count();
  f.first.assign(size_t{n} + 1, 0);
  uint32_t last = 0;
  g.ForEachEdge([&](uint32_t from, uint32_t to) {
    if (from < last || from >= n || to >= n) throw std::logic_error("EdgeSource: edges out of order or range");
    last = from;
    if (f.targets.size() == UINT32_MAX) throw std::length_error("more than 4G pointers in the heap graph");
    f.first[from + 1]++;
    f.targets.push_back(to);
  });
  for (uint32_t v = 0; v < n; ++v) f.first[v + 1] += f.first[v];
  return f;
}

}  // namespace gf
