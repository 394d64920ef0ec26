#pragma once
// Compares goroutines read from a core with the goroutine dump Go itself
// printed (the oracle), goroutine by goroutine and frame by frame.
#include <string>
#include <vector>

#include "gruntime/goroutine.h"
#include "gruntime/traceback_filter.h"
#include "readers/goroutine_text.h"

namespace gf::testing {

struct CompareOptions {
  bool registers = true;           // the oracle has fp/sp/pc (GOTRACEBACK=crash)
  bool require_same_set = true;    // every goroutine on both sides
  const TracebackFilter* frames = nullptr;  // which frames the oracle printed
};

// One line per difference; empty when the two agree.
std::vector<std::string> CompareWithOracle(const std::vector<Goroutine>& ours,
                                           const std::vector<TextGoroutine>& oracle, const CompareOptions& opts);

// The oracle's view of one goroutine compared with ours.
std::vector<std::string> CompareGoroutine(const Goroutine& ours, const TextGoroutine& oracle,
                                          const CompareOptions& opts);

}  // namespace gf::testing
