#pragma once
// A graph's edges read once and kept as forward lists (CSR): the edges of
// node v go to targets[first[v] .. first[v+1]). 4 bytes per node and per
// edge, in mappings of their own. The heap graph's edges come out of the
// core's memory through the pointer maps, which is the costly part; kept
// like this, the leak proof walks them as often as it needs and the
// dominator tree then consumes them.
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "forensics/mapped_vector.h"

namespace gf {

// Where one part of a source's edges goes (BuildEdgeLists makes one per
// part). Add is inline, not a call through a function object: it runs for
// every pointer in the heap.
class EdgeSink {
 public:
  EdgeSink(uint32_t nodes, BigVector<uint32_t>& first, MappedVector<uint32_t>& targets)
      : nodes_(nodes), first_(first), targets_(targets) {}
  // Throws std::logic_error when edges come out of order or range,
  // std::length_error past 4G edges.
  void Add(uint32_t from, uint32_t to) {
    if (from < last_ || from >= nodes_ || to >= nodes_) throw std::logic_error("EdgeSource: edges out of order or range");
    last_ = from;
    if (targets_.size() == UINT32_MAX) throw std::length_error("more than 4G pointers in the heap graph");
    first_[from + 1]++;
    targets_.push_back(to);
  }

 private:
  uint32_t nodes_, last_ = 0;
  BigVector<uint32_t>& first_;  // counts, at the part's own nodes
  MappedVector<uint32_t>& targets_;
};

class EdgeSource {
 public:
  using Sink = EdgeSink;
  virtual ~EdgeSource() = default;
  virtual uint32_t node_count() const = 0;
  // The edges come in parts, which may be read on threads of their own:
  // part p's edges come from nodes all below part p+1's, grouped by `from`
  // in ascending order, and the parts cover every edge.
  virtual size_t part_count() const { return 1; }
  virtual void ForEachEdgeOfPart(size_t part, Sink& sink) const = 0;
};

struct EdgeLists {
  BigVector<uint32_t> first;
  MappedVector<uint32_t> targets;
  uint32_t node_count() const { return first.empty() ? 0 : static_cast<uint32_t>(first.size() - 1); }
};

// Reads the source's parts on as many threads. Throws what EdgeSink::Add
// and the source throw.
EdgeLists BuildEdgeLists(const EdgeSource& g);

}  // namespace gf
