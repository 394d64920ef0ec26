#pragma once
// How Go's traceback prints a function name: runtime.gopanic as "panic", and
// the type arguments of generic instantiations as "[...]".
#include <string>
#include <string_view>

namespace gf {

std::string TracebackFuncName(std::string_view symbol);

}  // namespace gf
