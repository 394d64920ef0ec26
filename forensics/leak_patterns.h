#pragma once
// The shapes goroutine leaks take, recognised from what a blocked goroutine
// shows: its wait reason, its stack and its creator. Shared by every input
// that has stacks (cores, goroutine profiles, execution traces).
#include <span>
#include <string_view>

namespace gf {

struct StackLine {
  std::string_view function, file;
  int line = 0;
};

enum class LeakPattern {
  kChanSend,        // send with no receiver
  kChanReceive,     // receive with no sender and no close
  kNilChannel,      // send or receive on a nil channel
  kSelect,          // select whose cases never fire
  kSelectNoCases,   // select {}
  kNetworkIo,       // read or write without deadline
  kWaitGroup,       // Wait with a missing Done
  kMutex,           // Lock on a mutex never unlocked
  kCond,            // Cond.Wait never signalled
  kTimer,           // waiting on a timer or ticker channel
  kContext,         // waiting for a context that is never cancelled
  kSleep,           // sleeping
  kOtherWait,       // blocked some other way
  kAcceptLoop,      // a server accepting connections: expected, not a leak
  kMainParked,      // main.main in select {}: the program parks itself by design
  kNotBlocked,      // running, runnable or in a system call
};

struct PatternInfo {
  LeakPattern pattern;
  const char* name;  // stable identifier for JSON
  const char* hint;  // one paragraph: what usually causes it and how to fix it
  bool may_leak;     // false for shapes that are expected in a healthy program
};

const PatternInfo& Classify(std::string_view status, std::span<const StackLine> frames, std::string_view creator);

// The frame that says where the goroutine blocks: the innermost one outside
// the Go distribution (files under goroot), else the innermost outside the
// runtime and sync packages.
size_t BlockingFrame(std::span<const StackLine> frames, std::string_view goroot);

// The Go distribution's root as the file names of the runtime and other
// standard packages show it ("/usr/local/go/"), empty when no frame tells.
std::string_view GorootOf(std::span<const StackLine> frames);

}  // namespace gf
