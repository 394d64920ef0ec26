#pragma once
// Sizes for people: "1.5 MiB".
#include <cstdint>
#include <string>

namespace gf {

std::string HumanBytes(uint64_t bytes);

}  // namespace gf
