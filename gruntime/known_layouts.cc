// Runtime layouts recorded from the DWARF of each Go release, for binaries
// built without DWARF (-ldflags=-w). Layouts do not change within a release
// series. The oracle tests check every entry for a release they capture
// against that release's DWARF (tests/known_layouts_test.cc prints the entry
// a new release needs).
#include <map>
#include <string>

#include "gruntime/go_version.h"
#include "gruntime/struct_layouts.h"

namespace gf {
namespace {

// Field order: see RuntimeLayouts.
const std::map<std::string, RuntimeLayouts>& Table() {
  static const std::map<std::string, RuntimeLayouts> table = {
    {"go1.19", {392, 0, 8, 56, 64, 112, 120, 144, 152, 168, 176, 48, 232, 296, 312, 328, std::nullopt,
             232, 72, 192, 80, 0, 800, 808, 8, 3592, 7720,
             {0, 1, 2, 3, 4, 6, 8, 9, 4096, std::nullopt, std::nullopt}, 10, 27}},
    {"go1.20", {392, 0, 8, 56, 64, 112, 120, 144, 152, 168, 176, 48, 232, 296, 312, 328, std::nullopt,
             232, 72, 192, 80, 0, 800, 808, 8, 3592, 7720,
             {0, 1, 2, 3, 4, 6, 8, 9, 4096, std::nullopt, std::nullopt}, 10, 32}},
    {"go1.21", {408, 0, 8, 56, 64, 112, 120, 144, 152, 168, 176, 48, 208, 280, 296, 312, 272,
             232, 72, 192, 80, 0, 808, 816, 8, 3592, 7720,
             {0, 1, 2, 3, 4, 6, 8, 9, 4096, std::nullopt, std::nullopt}, 10, 32}},
    {"go1.22", {424, 0, 8, 56, 64, 112, 120, 144, 152, 168, 176, 48, 208, 280, 296, 312, 272,
             232, 72, 192, 80, 0, 1120, 1128, 8, 3592, 7720,
             {0, 1, 2, 3, 4, 6, 8, 9, 4096, std::nullopt, std::nullopt}, 10, 37}},
    {"go1.23", {432, 0, 8, 56, 64, 112, 120, 152, 160, 176, 184, 48, 216, 288, 304, 320, 280,
             232, 72, 192, 80, 0, 880, 888, 8, 3592, 7720,
             {0, 1, 2, 3, 4, 6, 8, 9, 4096, std::nullopt, std::nullopt}, 10, 38}},
    {"go1.24", {440, 0, 8, 56, 64, 112, 120, 152, 160, 176, 184, 48, 216, 288, 304, 320, 280,
             232, 72, 192, 80, 0, 904, 912, 8, 3592, 7720,
             {0, 1, 2, 3, 4, 6, 8, 9, 4096, std::nullopt, std::nullopt}, 10, 44}},
    {"go1.25", {440, 0, 8, 56, 64, 104, 112, 144, 152, 168, 176, 48, 208, 280, 296, 312, 272,
             224, 64, 184, 72, 0, 896, 904, 8, 3568, 7696,
             {0, 1, 2, 3, 4, 6, 8, 9, 4096, std::nullopt, std::nullopt}, 10, 47}},
    {"go1.26", {456, 0, 8, 56, 64, 104, 112, 144, 152, 168, 176, 48, 208, 288, 304, 320, 280,
             232, 64, 184, 72, 0, 896, 904, 8, 3568, 7696,
             {0, 1, 2, 3, 4, 6, 8, 9, 4096, 10, 11}, 12, 47}},
  };
  return table;
}

}  // namespace

std::optional<RuntimeLayouts> RuntimeLayouts::Known(const std::string& go_version) {
  auto minor = GoMinorVersion(go_version);
  if (!minor) return std::nullopt;
  auto it = Table().find("go1." + std::to_string(*minor));
  if (it == Table().end()) return std::nullopt;
  return it->second;
}

}  // namespace gf
