#include "forensics/edge_lists.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <thread>
#include <vector>

namespace gf {

EdgeLists BuildEdgeLists(const EdgeSource& g) {
  EdgeLists f;
  const uint32_t n = g.node_count();
  f.first.assign(size_t{n} + 1, 0);
  const size_t parts = std::max<size_t>(1, g.part_count());
  // Each part counts into first[] at nodes of its own and keeps its
  // targets apart; they are joined in order once all are read.
  std::vector<MappedVector<uint32_t>> targets(parts);
  std::vector<std::exception_ptr> errors(parts);
  auto read = [&](size_t part) {
    try {
      EdgeSink sink(n, f.first, targets[part]);
      g.ForEachEdgeOfPart(part, sink);
    } catch (...) {
      errors[part] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t part = 1; part < parts; ++part) threads.emplace_back(read, part);
  read(0);
  for (auto& t : threads) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  f.targets = std::move(targets[0]);
  for (size_t part = 1; part < parts; ++part) {
    if (f.targets.size() + targets[part].size() >= UINT32_MAX)
      throw std::length_error("more than 4G pointers in the heap graph");
    for (size_t k = 0; k < targets[part].size(); ++k) f.targets.push_back(targets[part][k]);
    targets[part] = {};
  }
  for (uint32_t v = 0; v < n; ++v) f.first[v + 1] += f.first[v];
  return f;
}

}  // namespace gf
