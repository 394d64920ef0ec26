#pragma once
// One generation of a Go 1.22+ trace: the span of the file between two
// points where the runtime restarted its string and stack tables. Scanning
// it indexes its per-thread event batches (offsets only, the events stay in
// the mapping) and loads its strings, stacks and clock frequency, which are
// only valid within it and may come after the events that use them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "readers/trace/byte_cursor.h"
#include "readers/trace/stack_table.h"
#include "readers/trace/trace_version.h"

namespace gf::v2 {

struct BatchRef {
  size_t data_begin = 0;  // file offsets of the batch's event bytes
  size_t data_end = 0;
  uint64_t time = 0;      // the batch's base timestamp, in clock ticks
};

struct ThreadBatches {
  uint64_t m = 0;         // the thread (M) that wrote them; ~0 for none
  std::vector<BatchRef> batches;  // in file order, which is time order
};

struct Generation {
  uint64_t number = 0;
  uint64_t min_time = 0;  // earliest batch timestamp, ticks
  uint64_t ticks_per_sec = 0;
  std::vector<ThreadBatches> threads;  // in order of first appearance
  std::unordered_map<uint64_t, std::string_view> strings;  // views into the file
  std::unordered_map<uint64_t, StackId> stacks;            // generation-local id -> interned

  // Go's conversion of ticks to nanoseconds, reproduced bit for bit so that
  // timestamps agree with Go's own parser.
  double ns_per_tick() const { return 1.0 / (static_cast<double>(ticks_per_sec) / 1e9); }
};

// Scans the generation starting at the cursor's position and leaves the
// cursor after it. Returns false at the end of the file.
bool ScanGeneration(ByteCursor& file, const TraceVersion& version, StackTable& stacks, Generation& out);

}  // namespace gf::v2
