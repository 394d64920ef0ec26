#include "gruntime/all_ps.h"

#include <string>

#include "gruntime/target.h"
#include "readers/read_error.h"

namespace gf {
namespace {

// More Ps than this is a torn slice header (GOMAXPROCS is capped far lower).
constexpr uint64_t kMaxPs = 1 << 20;

}  // namespace

std::vector<uint64_t> ReadAllPs(const Target& target) {
  const AddressSpace& mem = target.memory();
  uint64_t allp = target.Global("runtime.allp");
  uint64_t ptr = mem.ReadPointer(allp), len = mem.ReadPointer(allp + 8);
  if (len > kMaxPs) throw ReadError("runtime.allp", "implausible length " + std::to_string(len));
  std::vector<uint64_t> ps;
  for (uint64_t i = 0; i < len; ++i)
    if (uint64_t p = mem.ReadPointer(ptr + i * 8)) ps.push_back(p);
  return ps;
}

}  // namespace gf
