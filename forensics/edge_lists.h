#pragma once
// A graph's edges read once and kept as forward lists (CSR): the edges of
// node v go to targets[first[v] .. first[v+1]). 4 bytes per node and per
// edge, in mappings of their own. The heap graph's edges come out of the
// core's memory through the pointer maps, which is the costly part; kept
// like this, the leak proof walks them as often as it needs and the
// dominator tree then consumes them.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "forensics/mapped_vector.h"

namespace gf {

class EdgeSource {
 public:
  using Sink = std::function<void(uint32_t from, uint32_t to)>;
  virtual ~EdgeSource() = default;
  virtual uint32_t node_count() const = 0;
  // The edges come in parts, which may be read on threads of their own:
  // part p's edges come from nodes all below part p+1's, grouped by `from`
  // in ascending order, and the parts cover every edge.
  virtual size_t part_count() const { return 1; }
  virtual void ForEachEdgeOfPart(size_t part, const Sink& sink) const = 0;
};

struct EdgeLists {
  BigVector<uint32_t> first;
  MappedVector<uint32_t> targets;
  uint32_t node_count() const { return first.empty() ? 0 : static_cast<uint32_t>(first.size() - 1); }
};

// Reads the source's parts on as many threads. Throws std::logic_error
// when the source's edges are out of order or range, std::length_error past
// 4G edges, and whatever the source throws.
EdgeLists BuildEdgeLists(const EdgeSource& g);

}  // namespace gf
