#include "tests/oracle/capture.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace gf::testing {

std::string Capture::Name() const { return dir.parent_path().filename().string() + "/" + dir.filename().string(); }

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::map<std::string, uint64_t> StdoutValues(const Capture& c) {
  std::map<std::string, uint64_t> out;
  std::istringstream lines(ReadFile(c.dir / "stdout.txt"));
  for (std::string line; std::getline(lines, line);)
    if (auto eq = line.find('='); eq != std::string::npos && eq + 1 < line.size())
      out[line.substr(0, eq)] = std::strtoull(line.c_str() + eq + 1, nullptr, 10);
  return out;
}

std::vector<Capture> FindCaptures(const std::filesystem::path& root) {
  std::vector<Capture> out;
  if (!std::filesystem::is_directory(root)) return out;
  for (const auto& version : std::filesystem::directory_iterator(root)) {
    if (!version.is_directory()) continue;
    for (const auto& dir : std::filesystem::directory_iterator(version.path())) {
      auto meta = dir.path() / "meta.txt";
      if (!std::filesystem::exists(meta)) continue;
      Capture c{dir.path(), {}};
      std::istringstream lines(ReadFile(meta));
      for (std::string line; std::getline(lines, line);)
        if (auto eq = line.find('='); eq != std::string::npos) c.meta[line.substr(0, eq)] = line.substr(eq + 1);
      out.push_back(std::move(c));
    }
  }
  std::sort(out.begin(), out.end(), [](const Capture& a, const Capture& b) { return a.dir < b.dir; });
  return out;
}

std::vector<Capture> CapturesFromEnvironment() {
  const char* root = std::getenv("GOFORENSICS_CAPTURES");
  if (!root) {
    std::cerr << "GOFORENSICS_CAPTURES is not set\n";
    std::exit(2);
  }
  auto captures = FindCaptures(root);
  if (captures.empty()) {
    std::cerr << "no captures under " << root << "\n";
    std::exit(2);
  }
  return captures;
}

}  // namespace gf::testing
