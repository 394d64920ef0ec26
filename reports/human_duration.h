#pragma once
// Durations for people: "1.25s", "12.3ms", "45.0µs", "120ns".
#include <cstdint>
#include <string>

namespace gf {

// Three significant digits in the largest unit that keeps the value >= 1.
std::string HumanDuration(int64_t ns);

}  // namespace gf
