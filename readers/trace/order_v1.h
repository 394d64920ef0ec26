#pragma once
// The second pass over a pre-Go 1.22 trace: the per-P event streams merged
// into one, in the order Go's parser (internal/trace's v1 parser) gives:
// by timestamp, except that an event waits until its goroutine has reached
// the state and sequence number it requires; then syscall exits moved to
// the time the syscall really returned. Memory stays bounded by the Ps, the
// goroutines and the events held back, never by the whole trace.
#include <array>
#include <cstdint>
#include <functional>

#include "readers/trace/byte_cursor.h"
#include "readers/trace/index_v1.h"

namespace gf::v1 {

struct Event {
  uint8_t type = 0;   // Ev; the ...Local variants are reported as the plain ones
  int64_t ticks = 0;  // trace clock ticks
  int64_t p = 0;
  uint64_t g = 0;     // the goroutine the event is about (0: none)
  std::array<uint64_t, 4> args{};
  uint64_t stack = 0;  // trace stack id
  size_t offset = 0;   // in the file, for messages
};

// Calls `sink` with every event in Go's order. Throws ReadError.
void OrderEvents(const ByteCursor& file, const Index& index, const std::function<void(const Event&)>& sink);

}  // namespace gf::v1
