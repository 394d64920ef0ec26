#include "gruntime/go_version.h"

#include <charconv>

namespace gf {

std::optional<int> GoMinorVersion(std::string_view version) {
  constexpr std::string_view kPrefix = "go1.";
  if (!version.starts_with(kPrefix)) return std::nullopt;
  version.remove_prefix(kPrefix.size());
  int minor = 0;
  auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), minor);
  if (ec != std::errc() || end == version.data()) return std::nullopt;
  return minor;
}

}  // namespace gf
