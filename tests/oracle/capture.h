#pragma once
// The captures samples/capture*.sh produce: one directory per sample, Go
// version and build mode, holding bin, core, the oracle text and meta.txt.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace gf::testing {

struct Capture {
  std::filesystem::path dir;
  std::map<std::string, std::string> meta;  // sample, go, mode, trigger
  std::string Name() const;                  // "go1.26.8/chanblock-pie"
  std::filesystem::path core() const { return dir / "core"; }
  std::filesystem::path exe() const { return dir / "bin"; }
};

// Every capture below root (root/<go version>/<name>/meta.txt), sorted.
std::vector<Capture> FindCaptures(const std::filesystem::path& root);
std::string ReadFile(const std::filesystem::path& p);

}  // namespace gf::testing
