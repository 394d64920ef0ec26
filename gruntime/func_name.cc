#include "gruntime/func_name.h"

namespace gf {

std::string TracebackFuncName(std::string_view symbol) {
  if (symbol == "runtime.gopanic") return "panic";
  size_t open = symbol.find('[');
  size_t close = symbol.rfind(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open) return std::string(symbol);
  return std::string(symbol.substr(0, open)) + "[...]" + std::string(symbol.substr(close + 1));
}

bool IsRuntimeGoroutineStart(std::string_view f) {
  return f.starts_with("runtime.") && f != "runtime.main" && f != "runtime.handleAsyncEvent";
}

}  // namespace gf
