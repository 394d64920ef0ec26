#pragma once
// How Go's traceback prints a function name: runtime.gopanic as "panic", and
// the type arguments of generic instantiations as "[...]".
#include <string>
#include <string_view>

namespace gf {

std::string TracebackFuncName(std::string_view symbol);

// Whether a goroutine whose start function is this one belongs to the
// runtime itself (GC workers, sweeper, scavenger, finalizers, ...): the
// rule every goroutine view uses, for cores and traces alike.
bool IsRuntimeGoroutineStart(std::string_view start_function);

}  // namespace gf
