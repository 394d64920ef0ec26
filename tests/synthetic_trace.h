#pragma once
// Go 1.22 execution traces written byte by byte, for tests that need a
// trace no program would write on demand: a corrupt one, or threads whose
// events reach the trace out of their causal order.
#include <cstdint>
#include <initializer_list>
#include <string>

namespace gf::synthetic_trace {

inline void Uvarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// An event: its type, then its arguments (for timed events the time delta first).
inline std::string Event(std::initializer_list<uint64_t> type_and_args) {
  std::string e;
  for (uint64_t v : type_and_args) Uvarint(e, v);
  return e;
}

constexpr uint64_t kNoThread = ~uint64_t{0};

// A batch of generation 1, written by thread m (kNoThread: none).
inline std::string Batch(uint64_t m, uint64_t time, const std::string& data) {
  std::string b(1, '\x01');  // EvEventBatch
  Uvarint(b, 1);
  Uvarint(b, m);
  Uvarint(b, time);
  Uvarint(b, data.size());
  return b + data;
}

inline std::string Header() { return std::string("go 1.22 trace\0\0\0", 16); }

// The clock: one tick a nanosecond.
inline std::string Frequency() { return Batch(kNoThread, 1000, Event({8, 1'000'000'000})); }

}  // namespace gf::synthetic_trace
