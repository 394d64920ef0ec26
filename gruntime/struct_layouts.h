#pragma once
// Offsets of the runtime structures the goroutine model reads, and the
// runtime's status constants, all taken from the binary's DWARF so that one
// code path serves every Go version.
#include <cstdint>
#include <optional>
#include <string>

namespace gf {

class DwarfTypes;

struct GoStatusValues {
  uint32_t idle, runnable, running, syscall, waiting, dead, copystack, preempted, scan;
  std::optional<uint32_t> leaked, dead_extra;  // Go 1.26+
  bool operator==(const GoStatusValues&) const = default;
};

struct RuntimeLayouts {
  // runtime.g
  uint64_t g_size = 0;
  uint64_t g_stack_lo = 0, g_stack_hi = 0;
  uint64_t g_sched_sp = 0, g_sched_pc = 0;
  uint64_t g_syscallsp = 0, g_syscallpc = 0;
  uint64_t g_atomicstatus = 0, g_goid = 0, g_waitsince = 0, g_waitreason = 0;
  uint64_t g_m = 0, g_lockedm = 0, g_gopc = 0, g_startpc = 0, g_waiting = 0;
  std::optional<uint64_t> g_parent_goid;  // Go 1.21+
  // runtime.m
  uint64_t m_id = 0, m_procid = 0, m_curg = 0, m_gsignal = 0, m_g0 = 0;
  uint64_t m_vdso_sp = 0, m_vdso_pc = 0;
  // runtime.schedt
  uint64_t sched_lastpoll = 0;
  // runtime.mstats: the last GC's time on both clocks
  uint64_t mstats_last_gc_unix = 0, mstats_last_gc_nanotime = 0;
  GoStatusValues status{};
  // Lengths of runtime.gStatusStrings and runtime.waitReasonStrings.
  uint64_t status_strings = 0, wait_reason_strings = 0;

  // Throws ReadError naming `source` and the missing field.
  static RuntimeLayouts FromDwarf(const DwarfTypes& dwarf, const std::string& source);
  // For binaries without DWARF: the layouts of a Go release ("go1.22.3"),
  // recorded from that release's DWARF; nullopt for releases not recorded.
  static std::optional<RuntimeLayouts> Known(const std::string& go_version);
  bool operator==(const RuntimeLayouts&) const = default;
};

}  // namespace gf
