#pragma once
// What every report says about its input.
#include <string>
#include <vector>

namespace gf {

struct DumpInfo {
  std::string core;
  std::string executable;
  std::string go_version;
  std::string build_id;
  std::vector<std::string> warnings;
};

}  // namespace gf
