#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

namespace gf {

// "0x1f": how addresses are shown in messages and reports, as Go prints them.
inline std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace gf
