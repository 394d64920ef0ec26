#pragma once
// Reads every goroutine out of runtime.allgs: status, wait reason, wait
// time, creation site, and the stack unwound from wherever the goroutine's
// registers were saved.
#include <cstdint>
#include <string>
#include <vector>

#include "gruntime/goroutine.h"

namespace gf {

class Target;

struct GoroutineSnapshot {
  std::vector<Goroutine> goroutines;  // in allgs order, dead ones left out
  uint64_t dead = 0;                  // goroutines in allgs not shown (dead, free)
  int64_t now_ns = 0;                 // the runtime's nanotime at the dump, as estimated
  bool now_from_file_time = false;    // estimated from the core's write time, else a lower bound
  std::vector<std::string> warnings;  // what could not be read, per goroutine
};

GoroutineSnapshot ReadGoroutines(const Target& target);

}  // namespace gf
