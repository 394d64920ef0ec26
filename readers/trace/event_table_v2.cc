#include "readers/trace/event_table_v2.h"

#include <array>

namespace gf::v2 {

namespace {

// A timed event: args counts the time delta.
constexpr EventSpec Timed(std::string_view name, uint8_t args, int8_t stack = kNoArg, int8_t string = kNoArg,
                          uint8_t since = 22) {
  return {name, args, stack, kNoArg, string, true, false, since};
}

constexpr std::array<EventSpec, kNumEvents> MakeTable() {
  std::array<EventSpec, kNumEvents> t{};
  t[kEvEventBatch] = {"EventBatch", 4};  // gen, m, time, size
  t[kEvStacks] = {"Stacks"};
  t[kEvStack] = {"Stack", 2};            // id, nframes, then nframes x (pc, func, file, line)
  t[kEvStrings] = {"Strings"};
  t[kEvString] = {"String", 1, kNoArg, kNoArg, kNoArg, false, true};
  t[kEvCPUSamples] = {"CPUSamples"};
  t[kEvCPUSample] = {"CPUSample", 5};
  t[kEvFrequency] = {"Frequency", 1};
  t[kEvProcsChange] = Timed("ProcsChange", 3, 2);
  t[kEvProcStart] = Timed("ProcStart", 3);           // dt, p, p_seq
  t[kEvProcStop] = Timed("ProcStop", 1);
  t[kEvProcSteal] = Timed("ProcSteal", 4);           // dt, p, p_seq, m
  t[kEvProcStatus] = Timed("ProcStatus", 3);         // dt, p, pstatus
  t[kEvGoCreate] = Timed("GoCreate", 4, 3);          // dt, new_g, new_stack, stack
  t[kEvGoCreate].new_stack = 2;
  t[kEvGoCreateSyscall] = Timed("GoCreateSyscall", 2);
  t[kEvGoStart] = Timed("GoStart", 3);               // dt, g, g_seq
  t[kEvGoDestroy] = Timed("GoDestroy", 1);
  t[kEvGoDestroySyscall] = Timed("GoDestroySyscall", 1);
  t[kEvGoStop] = Timed("GoStop", 3, 2, 1);           // dt, reason, stack
  t[kEvGoBlock] = Timed("GoBlock", 3, 2, 1);
  t[kEvGoUnblock] = Timed("GoUnblock", 4, 3);        // dt, g, g_seq, stack
  t[kEvGoSyscallBegin] = Timed("GoSyscallBegin", 3, 2);
  t[kEvGoSyscallEnd] = Timed("GoSyscallEnd", 1);
  t[kEvGoSyscallEndBlocked] = Timed("GoSyscallEndBlocked", 1);
  t[kEvGoStatus] = Timed("GoStatus", 4);             // dt, g, m, gstatus
  t[kEvSTWBegin] = Timed("STWBegin", 3, 2, 1);       // dt, kind, stack
  t[kEvSTWEnd] = Timed("STWEnd", 1);
  t[kEvGCActive] = Timed("GCActive", 2);
  t[kEvGCBegin] = Timed("GCBegin", 3, 2);            // dt, seq, stack
  t[kEvGCEnd] = Timed("GCEnd", 2);
  t[kEvGCSweepActive] = Timed("GCSweepActive", 2);
  t[kEvGCSweepBegin] = Timed("GCSweepBegin", 2, 1);
  t[kEvGCSweepEnd] = Timed("GCSweepEnd", 3);
  t[kEvGCMarkAssistActive] = Timed("GCMarkAssistActive", 2);
  t[kEvGCMarkAssistBegin] = Timed("GCMarkAssistBegin", 2, 1);
  t[kEvGCMarkAssistEnd] = Timed("GCMarkAssistEnd", 1);
  t[kEvHeapAlloc] = Timed("HeapAlloc", 2);
  t[kEvHeapGoal] = Timed("HeapGoal", 2);
  t[kEvGoLabel] = Timed("GoLabel", 2, kNoArg, 1);
  t[kEvUserTaskBegin] = Timed("UserTaskBegin", 5, 4);
  t[kEvUserTaskEnd] = Timed("UserTaskEnd", 3, 2);
  t[kEvUserRegionBegin] = Timed("UserRegionBegin", 4, 3);
  t[kEvUserRegionEnd] = Timed("UserRegionEnd", 4, 3);
  t[kEvUserLog] = Timed("UserLog", 5, 4);
  t[kEvGoSwitch] = Timed("GoSwitch", 3, kNoArg, kNoArg, 23);         // dt, g, g_seq
  t[kEvGoSwitchDestroy] = Timed("GoSwitchDestroy", 3, kNoArg, kNoArg, 23);
  t[kEvGoCreateBlocked] = Timed("GoCreateBlocked", 4, 3, kNoArg, 23);
  t[kEvGoCreateBlocked].new_stack = 2;
  t[kEvGoStatusStack] = Timed("GoStatusStack", 5, 4, kNoArg, 23);    // dt, g, m, gstatus, stack
  t[kEvExperimentalBatch] = {"ExperimentalBatch", 4, kNoArg, kNoArg, kNoArg, false, true, 23};
  t[kEvSync] = {"Sync", 0, kNoArg, kNoArg, kNoArg, false, false, 25};
  t[kEvClockSnapshot] = Timed("ClockSnapshot", 4, kNoArg, kNoArg, 25);  // dt, mono, sec, nsec
  t[kEvEndOfGeneration] = {"EndOfGeneration", 0, kNoArg, kNoArg, kNoArg, false, false, 26};
  return t;
}

constexpr std::array<EventSpec, kNumEvents> kTable = MakeTable();

}  // namespace

const EventSpec* Spec(uint8_t type, int minor) {
  if (type == kEvNone || type >= kNumEvents || kTable[type].since > minor) return nullptr;
  return &kTable[type];
}

}  // namespace gf::v2
