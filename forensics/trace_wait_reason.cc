#include "forensics/trace_wait_reason.h"

namespace gf {

namespace {

bool HasFrame(std::span<const StackLine> frames, std::string_view function) {
  for (const auto& f : frames)
    if (f.function == function) return true;
  return false;
}

std::string SyncWait(std::span<const StackLine> frames, int go_minor) {
  if (go_minor >= 24 && HasFrame(frames, "sync.(*WaitGroup).Wait")) return "sync.WaitGroup.Wait";
  if (go_minor >= 20) {
    if (HasFrame(frames, "sync.(*Mutex).Lock") || HasFrame(frames, "internal/sync.(*Mutex).Lock"))
      return "sync.Mutex.Lock";
    if (HasFrame(frames, "sync.(*RWMutex).RLock")) return "sync.RWMutex.RLock";
    if (HasFrame(frames, "sync.(*RWMutex).Lock")) return "sync.RWMutex.Lock";
  }
  return "semacquire";
}

// Blocks the runtime writes as "forever": a nil channel or select {}.
std::string ForeverWait(std::span<const StackLine> frames) {
  if (HasFrame(frames, "runtime.chansend") || HasFrame(frames, "runtime.chansend1")) return "chan send (nil chan)";
  if (HasFrame(frames, "runtime.chanrecv") || HasFrame(frames, "runtime.chanrecv1") ||
      HasFrame(frames, "runtime.chanrecv2"))
    return "chan receive (nil chan)";
  if (HasFrame(frames, "runtime.block")) return "select (no cases)";
  return "forever";
}

}  // namespace

std::string CoreWaitReason(std::string_view trace_reason, std::span<const StackLine> frames, int go_minor) {
  if (trace_reason == "sync") return SyncWait(frames, go_minor);
  if (trace_reason == "sync.(*Cond).Wait") return "sync.Cond.Wait";
  if (trace_reason == "network") return "IO wait";
  if (trace_reason == "forever") return ForeverWait(frames);
  if (trace_reason == "GC mark assist wait for work") return "GC assist wait";
  return std::string(trace_reason);
}

}  // namespace gf
