#pragma once
// `go tool pprof` as an oracle: runs it on a profile and reads its -traces
// output back (one entry per sample: value, functions leaf first, labels).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gf::testing {

struct PprofTrace {
  int64_t value = 0;
  std::vector<std::string> functions;  // leaf first, " (inline)" dropped
  std::map<std::string, std::string> labels;
  bool operator<(const PprofTrace& o) const;
  bool operator==(const PprofTrace& o) const = default;
};

// The go command: $GOFORENSICS_GO, else "go" on PATH.
std::string GoCommand();
// A path or argument quoted for the shell (paths here hold no quote).
inline std::string Quoted(const std::string& s) { return "'" + s + "'"; }
// Runs a shell command; its stdout, or a failed gtest assertion's message.
std::string RunCommand(const std::string& command, int* exit_code = nullptr);
// `go tool pprof -traces PATH`, sorted.
std::vector<PprofTrace> GoPprofTraces(const std::string& path);

}  // namespace gf::testing
