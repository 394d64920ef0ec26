#pragma once
// The event table of the trace format Go wrote before Go 1.22 (runtime/trace.go
// of Go 1.19-1.21): per event type its name, named arguments, whether a stack
// id follows them and whether it carries a timestamp.
#include <cstdint>
#include <string_view>

namespace gf::v1 {

enum Ev : uint8_t {
  kEvNone, kEvBatch, kEvFrequency, kEvStack, kEvGomaxprocs, kEvProcStart, kEvProcStop, kEvGCStart, kEvGCDone,
  kEvSTWStart, kEvSTWDone, kEvGCSweepStart, kEvGCSweepDone, kEvGoCreate, kEvGoStart, kEvGoEnd, kEvGoStop,
  kEvGoSched, kEvGoPreempt, kEvGoSleep, kEvGoBlock, kEvGoUnblock, kEvGoBlockSend, kEvGoBlockRecv,
  kEvGoBlockSelect, kEvGoBlockSync, kEvGoBlockCond, kEvGoBlockNet, kEvGoSysCall, kEvGoSysExit, kEvGoSysBlock,
  kEvGoWaiting, kEvGoInSyscall, kEvHeapAlloc, kEvHeapGoal, kEvTimerGoroutine, kEvFutileWakeup, kEvString,
  kEvGoStartLocal, kEvGoUnblockLocal, kEvGoSysExitLocal, kEvGoStartLabel, kEvGoBlockGC, kEvGCMarkAssistStart,
  kEvGCMarkAssistDone, kEvUserTaskCreate, kEvUserTaskEnd, kEvUserRegion, kEvUserLog, kEvCPUSample,
  kNumEvents
};

struct EventSpec {
  std::string_view name;
  uint8_t args = 0;     // named arguments, after the timestamp
  bool stack = false;   // a stack id follows the named arguments
  bool timed = true;    // the first value is a timestamp delta
};

// nullptr for event types the format does not have.
const EventSpec* Spec(uint8_t type);

// Values an event has: its arguments plus timestamp and stack id.
inline unsigned ValueCount(const EventSpec& s) { return s.args + (s.stack ? 1 : 0) + (s.timed ? 1 : 0); }

}  // namespace gf::v1
