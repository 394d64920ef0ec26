#pragma once
// The captures samples/capture*.sh produce: one directory per sample, Go
// version and build mode, holding bin, core, the oracle text and meta.txt.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
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
// The key=value lines a sample printed on stdout (values as integers).
std::map<std::string, uint64_t> StdoutValues(const Capture& c);

// The captures under $GOFORENSICS_CAPTURES; exits with status 2 and a
// message when it is unset or holds none.
std::vector<Capture> CapturesFromEnvironment();

// Registers a test of type T, built by `make`, named after the capture
// (or after `name` when given) in `suite`.
template <typename Make>
void RegisterCaptureTest(const char* suite, const std::string& name, Make make) {
  std::string test = name;
  for (char& c : test)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  ::testing::RegisterTest(suite, test.c_str(), nullptr, name.c_str(), __FILE__, __LINE__, make);
}

// Registers a test of type T, constructed from the capture.
template <typename T>
void RegisterCaptureTestOf(const char* suite, const Capture& c) {
  RegisterCaptureTest(suite, c.Name(), [c]() -> ::testing::Test* { return new T(c); });
}

}  // namespace gf::testing
