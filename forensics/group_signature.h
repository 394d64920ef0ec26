#pragma once
// The stable signature of a group of goroutines: a hash of its status (the
// wait reason), its blocking site and its creation site, the same across
// runs, machines and input forms, so that `leaks` and `diff` name a group
// alike in a core and in a goroutine profile. An input that lacks the
// status or creation site (debug=1 and proto profiles) passes them empty.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "forensics/blocking_site.h"

namespace gf {

uint64_t GroupSignature(std::string_view status, const SourceSite& blocking, const std::optional<SourceSite>& creation);
std::string SignatureHex(uint64_t signature);  // 16 hex digits

}  // namespace gf
