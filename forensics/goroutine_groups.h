#pragma once
// Folds goroutines with the same status, stack and creation site into one
// group: the view that makes 100k goroutines readable.
#include <cstdint>
#include <optional>
#include <vector>

#include "gruntime/goroutine.h"

namespace gf {

struct GoroutineGroup {
  std::vector<const Goroutine*> members;  // in goroutine id order
  const Goroutine& representative() const { return *members.front(); }
  std::optional<int64_t> min_wait_minutes, max_wait_minutes;
};

// Sorted by size, largest first; ties by the smallest goroutine id.
std::vector<GoroutineGroup> GroupGoroutines(const std::vector<Goroutine>& goroutines);

}  // namespace gf
