#include "forensics/leak_patterns.h"

#include <array>
#include <string>

namespace gf {
namespace {

constexpr std::array kPatterns = {
    PatternInfo{LeakPattern::kChanSend, "chan-send",
                "A send that no receiver will take. Usually the receiver returned early (error path, timeout) "
                "or never started. Give the channel a buffer large enough for every sender, or send inside a "
                "select with a <-ctx.Done() case.",
                true},
    PatternInfo{LeakPattern::kChanReceive, "chan-receive",
                "A receive that no sender will satisfy and that no close will end. Close the channel when the "
                "producer is done (range loops end on close), or receive inside a select with <-ctx.Done().",
                true},
    PatternInfo{LeakPattern::kNilChannel, "nil-channel",
                "An operation on a nil channel blocks forever. The channel was never made (make(chan T)) or was "
                "set to nil; check the initialisation on this path.",
                true},
    PatternInfo{LeakPattern::kSelect, "select-no-cancel",
                "A select none of whose cases will ever fire. Add a cancellation case (<-ctx.Done(), a done "
                "channel that the owner closes) so the goroutine can return.",
                true},
    PatternInfo{LeakPattern::kSelectNoCases, "select-no-cases",
                "select {} blocks forever by design; outside main this is a leak. Wait on a done channel or "
                "context instead.",
                true},
    PatternInfo{LeakPattern::kNetworkIo, "network-io-no-deadline",
                "A network read or write without a deadline waits as long as the peer stays silent. Set "
                "deadlines (SetReadDeadline, http.Client.Timeout, Server.ReadTimeout/IdleTimeout) and close "
                "connections and response bodies (resp.Body.Close) so net/http's persistConn loops end.",
                true},
    PatternInfo{LeakPattern::kWaitGroup, "waitgroup-missing-done",
                "WaitGroup.Wait with a counter that never reaches zero: an Add without its Done (an early "
                "return before defer wg.Done(), or Add called for goroutines that never started).",
                true},
    PatternInfo{LeakPattern::kMutex, "mutex-never-unlocked",
                "Lock on a mutex that is never released: a missing Unlock on an error path (use defer), a "
                "goroutine that died holding it, or two locks taken in opposite orders (lock-order deadlock).",
                true},
    PatternInfo{LeakPattern::kCond, "cond-never-signalled",
                "Cond.Wait that no Signal or Broadcast will wake. Signal after every change of the condition, "
                "and Broadcast on shutdown.",
                true},
    PatternInfo{LeakPattern::kTimer, "timer-or-ticker",
                "Waiting on a timer or ticker channel. A ticker that is never stopped keeps its goroutine "
                "forever: call Stop, and leave the loop on a done channel or context.",
                true},
    PatternInfo{LeakPattern::kContext, "context-never-cancelled",
                "Waiting for a context that nobody cancels. Call the cancel function returned by "
                "context.WithCancel/WithTimeout (defer cancel()) on every path.",
                true},
    PatternInfo{LeakPattern::kSleep, "sleep",
                "Sleeping. A loop around time.Sleep with no exit condition lives forever; wait on a ticker and "
                "a done channel instead.",
                true},
    PatternInfo{LeakPattern::kOtherWait, "other-wait", "Blocked on something else; see the stack.", true},
    PatternInfo{LeakPattern::kAcceptLoop, "accept-loop",
                "A server waiting for connections: expected while it serves.", false},
    PatternInfo{LeakPattern::kMainParked, "main-parked", "main blocks forever in select {}: the program's choice.",
                false},
    PatternInfo{LeakPattern::kNotBlocked, "not-blocked", "Running, runnable or in a system call.", false},
};

static_assert(kPatterns.size() == static_cast<size_t>(LeakPattern::kNotBlocked) + 1);

const PatternInfo& Info(LeakPattern p) { return kPatterns[static_cast<size_t>(p)]; }

bool AnyFrame(std::span<const StackLine> frames, std::string_view needle) {
  for (const auto& f : frames)
    if (f.function.find(needle) != std::string_view::npos) return true;
  return false;
}

bool IsRuntimeOrSync(std::string_view f) {
  return f.starts_with("runtime.") || f.starts_with("sync.") || f.starts_with("internal/") ||
         f.starts_with("sync/atomic.") || f.starts_with("iter.");
}

std::string_view InnermostNonRuntime(std::span<const StackLine> frames) {
  for (const auto& f : frames)
    if (!IsRuntimeOrSync(f.function)) return f.function;
  return {};
}

LeakPattern FromChannelWait(std::string_view status, std::span<const StackLine> frames, std::string_view creator) {
  if (AnyFrame(frames, "context.") || creator.starts_with("context.")) return LeakPattern::kContext;
  if (AnyFrame(frames, "time.(*Ticker)") || AnyFrame(frames, "time.(*Timer)") || AnyFrame(frames, "time.Tick"))
    return LeakPattern::kTimer;
  if (status == "select") return LeakPattern::kSelect;
  return status == "chan send" ? LeakPattern::kChanSend : LeakPattern::kChanReceive;
}

// Before Go 1.2x named them, sync waits all read "semacquire".
LeakPattern FromSemacquire(std::span<const StackLine> frames) {
  if (AnyFrame(frames, "sync.(*WaitGroup).Wait")) return LeakPattern::kWaitGroup;
  if (AnyFrame(frames, "sync.(*Cond).Wait")) return LeakPattern::kCond;
  if (AnyFrame(frames, "sync.(*Mutex).Lock") || AnyFrame(frames, "sync.(*RWMutex)")) return LeakPattern::kMutex;
  return LeakPattern::kOtherWait;
}

LeakPattern PatternOf(std::string_view status, std::span<const StackLine> frames, std::string_view creator) {
  if (status == "running" || status == "runnable" || status == "syscall" || status.empty())
    return LeakPattern::kNotBlocked;
  if (status == "chan send (nil chan)" || status == "chan receive (nil chan)") return LeakPattern::kNilChannel;
  if (status == "select (no cases)")
    return InnermostNonRuntime(frames) == "main.main" ? LeakPattern::kMainParked : LeakPattern::kSelectNoCases;
  if (status == "chan send" || status == "chan receive" || status == "select")
    return FromChannelWait(status, frames, creator);
  if (status == "IO wait")
    return AnyFrame(frames, "Accept") ? LeakPattern::kAcceptLoop : LeakPattern::kNetworkIo;
  if (status == "sync.WaitGroup.Wait") return LeakPattern::kWaitGroup;
  if (status == "sync.Mutex.Lock" || status == "sync.RWMutex.Lock" || status == "sync.RWMutex.RLock")
    return LeakPattern::kMutex;
  if (status == "sync.Cond.Wait") return LeakPattern::kCond;
  if (status == "semacquire") return FromSemacquire(frames);
  if (status == "sleep") return LeakPattern::kSleep;
  return LeakPattern::kOtherWait;
}

}  // namespace

const PatternInfo& Classify(std::string_view status, std::span<const StackLine> frames, std::string_view creator) {
  return Info(PatternOf(status, frames, creator));
}

size_t BlockingFrame(std::span<const StackLine> frames, std::string_view goroot) {
  // Compiler-generated wrappers ("<autogenerated>") belong to whatever they wrap.
  if (!goroot.empty())
    for (size_t i = 0; i < frames.size(); ++i)
      if (!frames[i].file.starts_with(goroot) && frames[i].file != "<autogenerated>") return i;
  for (size_t i = 0; i < frames.size(); ++i)
    if (!IsRuntimeOrSync(frames[i].function)) return i;
  return 0;
}

std::string_view GorootOf(std::span<const StackLine> frames) {
  // Tracebacks with runtime frames hidden (debug=2 profiles) still show
  // these packages' frames; their files are under <goroot>/src/<package>/.
  constexpr std::string_view kStdPackages[] = {"runtime", "internal/", "sync", "syscall", "time", "net", "os"};
  for (const auto& f : frames) {
    std::string_view package = f.function.substr(0, f.function.find('.', f.function.rfind('/') + 1));
    for (std::string_view std_package : kStdPackages) {
      if (!package.starts_with(std_package)) continue;
      auto at = f.file.rfind("/src/" + std::string(package) + "/");
      if (at != std::string_view::npos) return f.file.substr(0, at + 5);  // through "/src/"
    }
  }
  return {};
}

}  // namespace gf
