#pragma once
// A trace's block reason translated to the wait reason a core of the same
// program would show for the same goroutine, so that leak patterns and
// group signatures come out the same from a trace and from a core. A trace
// names blocks coarsely ("sync" for every mutex, WaitGroup and semaphore;
// "forever" for nil channels and select {}); the stack tells which, and the
// Go release decides the name (Go 1.20 named the mutex waits, Go 1.24 the
// WaitGroup's; before, a core says "semacquire").
#include <span>
#include <string>
#include <string_view>

#include "forensics/leak_patterns.h"

namespace gf {

std::string CoreWaitReason(std::string_view trace_reason, std::span<const StackLine> frames, int go_minor);

}  // namespace gf
