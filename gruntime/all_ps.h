#pragma once
// runtime.allp: the addresses of the processors (Ps), whose caches hold
// spans and pages the heap accounting must see.
#include <cstdint>
#include <vector>

namespace gf {

class Target;

// Non-nil entries only. Throws ReadError on an implausible slice length.
std::vector<uint64_t> ReadAllPs(const Target& target);

}  // namespace gf
