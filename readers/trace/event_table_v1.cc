#include "readers/trace/event_table_v1.h"

#include <array>

namespace gf::v1 {

namespace {

constexpr std::array<EventSpec, kNumEvents> MakeTable() {
  std::array<EventSpec, kNumEvents> t{};
  t[kEvBatch] = {"Batch", 2, false, false};  // p, ticks
  t[kEvFrequency] = {"Frequency", 1, false, false};
  t[kEvStack] = {"Stack", 2, false, false};  // id, n, then n x (pc, func, file, line)
  t[kEvGomaxprocs] = {"Gomaxprocs", 1, true};
  t[kEvProcStart] = {"ProcStart", 1};        // thread
  t[kEvProcStop] = {"ProcStop", 0};
  t[kEvGCStart] = {"GCStart", 1, true};      // seq
  t[kEvGCDone] = {"GCDone", 0};
  t[kEvSTWStart] = {"STWStart", 1};          // kind
  t[kEvSTWDone] = {"STWDone", 0};
  t[kEvGCSweepStart] = {"GCSweepStart", 0, true};
  t[kEvGCSweepDone] = {"GCSweepDone", 2};
  t[kEvGoCreate] = {"GoCreate", 2, true};    // g, new goroutine's stack
  t[kEvGoStart] = {"GoStart", 2};            // g, seq
  t[kEvGoEnd] = {"GoEnd", 0};
  // Events whose only value besides the timestamp is a stack.
  t[kEvGoStop] = {"GoStop", 0, true};
  t[kEvGoSched] = {"GoSched", 0, true};
  t[kEvGoPreempt] = {"GoPreempt", 0, true};
  t[kEvGoSleep] = {"GoSleep", 0, true};
  t[kEvGoBlock] = {"GoBlock", 0, true};
  t[kEvGoBlockSend] = {"GoBlockSend", 0, true};
  t[kEvGoBlockRecv] = {"GoBlockRecv", 0, true};
  t[kEvGoBlockSelect] = {"GoBlockSelect", 0, true};
  t[kEvGoBlockSync] = {"GoBlockSync", 0, true};
  t[kEvGoBlockCond] = {"GoBlockCond", 0, true};
  t[kEvGoBlockNet] = {"GoBlockNet", 0, true};
  t[kEvGoSysCall] = {"GoSysCall", 0, true};
  t[kEvGoBlockGC] = {"GoBlockGC", 0, true};
  t[kEvGCMarkAssistStart] = {"GCMarkAssistStart", 0, true};
  t[kEvGoUnblock] = {"GoUnblock", 2, true};  // g, seq
  t[kEvGoSysExit] = {"GoSysExit", 3};        // g, seq, real ticks
  t[kEvGoSysBlock] = {"GoSysBlock", 0};
  t[kEvGoWaiting] = {"GoWaiting", 1};
  t[kEvGoInSyscall] = {"GoInSyscall", 1};
  t[kEvHeapAlloc] = {"HeapAlloc", 1};
  t[kEvHeapGoal] = {"HeapGoal", 1};
  t[kEvTimerGoroutine] = {"TimerGoroutine", 1, false, false};
  t[kEvFutileWakeup] = {"FutileWakeup", 0};
  t[kEvString] = {"String", 0, false, false};
  t[kEvGoStartLocal] = {"GoStartLocal", 1};
  t[kEvGoUnblockLocal] = {"GoUnblockLocal", 1, true};
  t[kEvGoSysExitLocal] = {"GoSysExitLocal", 2};
  t[kEvGoStartLabel] = {"GoStartLabel", 3};
  t[kEvGCMarkAssistDone] = {"GCMarkAssistDone", 0};
  t[kEvUserTaskCreate] = {"UserTaskCreate", 3, true};
  t[kEvUserTaskEnd] = {"UserTaskEnd", 1, true};
  t[kEvUserRegion] = {"UserRegion", 3, true};
  t[kEvUserLog] = {"UserLog", 2, true};
  t[kEvCPUSample] = {"CPUSample", 3, true};
  return t;
}

constexpr std::array<EventSpec, kNumEvents> kTable = MakeTable();

}  // namespace

const EventSpec* Spec(uint8_t type) {
  if (type == kEvNone || type >= kNumEvents) return nullptr;
  return &kTable[type];
}

}  // namespace gf::v1
