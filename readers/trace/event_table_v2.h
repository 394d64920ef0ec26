#pragma once
// The event table of the trace format Go has written since Go 1.22
// (internal/trace/tracev2 in Go's sources): for each event type its name,
// arguments and which of them are stack or string ids, and the first Go
// release that writes it. The reader is driven by this table alone.
#include <cstdint>
#include <string_view>

namespace gf::v2 {

enum Ev : uint8_t {
  kEvNone, kEvEventBatch, kEvStacks, kEvStack, kEvStrings, kEvString, kEvCPUSamples, kEvCPUSample,
  kEvFrequency, kEvProcsChange, kEvProcStart, kEvProcStop, kEvProcSteal, kEvProcStatus, kEvGoCreate,
  kEvGoCreateSyscall, kEvGoStart, kEvGoDestroy, kEvGoDestroySyscall, kEvGoStop, kEvGoBlock, kEvGoUnblock,
  kEvGoSyscallBegin, kEvGoSyscallEnd, kEvGoSyscallEndBlocked, kEvGoStatus, kEvSTWBegin, kEvSTWEnd,
  kEvGCActive, kEvGCBegin, kEvGCEnd, kEvGCSweepActive, kEvGCSweepBegin, kEvGCSweepEnd,
  kEvGCMarkAssistActive, kEvGCMarkAssistBegin, kEvGCMarkAssistEnd, kEvHeapAlloc, kEvHeapGoal, kEvGoLabel,
  kEvUserTaskBegin, kEvUserTaskEnd, kEvUserRegionBegin, kEvUserRegionEnd, kEvUserLog, kEvGoSwitch,
  kEvGoSwitchDestroy, kEvGoCreateBlocked, kEvGoStatusStack, kEvExperimentalBatch, kEvSync,
  kEvClockSnapshot, kEvEndOfGeneration,
  kNumEvents
};

constexpr int kNoArg = -1;

struct EventSpec {
  std::string_view name;
  uint8_t args = 0;           // varints after the type byte; timed events start with the time delta
  int8_t stack = kNoArg;      // argument holding the stack where the event happened
  int8_t new_stack = kNoArg;  // argument holding a created goroutine's start stack
  int8_t string = kNoArg;     // argument holding a string id (reason, STW kind)
  bool timed = false;         // appears in event batches, first argument a time delta
  bool has_data = false;      // followed by a varint length and that many bytes
  uint8_t since = 22;         // first Go 1.N writing it
};

// The spec of event type `type` in a trace of Go 1.`minor`, or nullptr when
// that version does not write it.
const EventSpec* Spec(uint8_t type, int minor);

// Limits Go's writer never exceeds; larger values mean corruption, and they
// bound what a length field can make us look at.
constexpr uint64_t kMaxBatchSize = 64 << 10;
constexpr uint64_t kMaxFramesPerStack = 128;
constexpr uint64_t kMaxStringSize = 1 << 10;

}  // namespace gf::v2
