#pragma once
// Go release numbers as the runtime records them in runtime.buildVersion.
#include <optional>
#include <string_view>

namespace gf {

// "go1.22.3" and "go1.22rc1" -> 22; nullopt for development builds
// ("devel go1.27-abc...") and anything else that names no release.
std::optional<int> GoMinorVersion(std::string_view version);

}  // namespace gf
