#include "tests/oracle/pprof_tool.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <tuple>

namespace gf::testing {

bool PprofTrace::operator<(const PprofTrace& o) const {
  return std::tie(functions, value, labels) < std::tie(o.functions, o.value, o.labels);
}

std::string GoCommand() {
  const char* go = std::getenv("GOFORENSICS_GO");
  return go && *go ? go : "go";
}

std::string RunCommand(const std::string& command, int* exit_code) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run " + command);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (exit_code) *exit_code = code;
  else if (code != 0) throw std::runtime_error(command + " exited with " + std::to_string(code) + ": " + out);
  return out;
}

// -traces prints, per sample, right-aligned "key:  value" label lines, then
// "<value>   <leaf function>" and one indented line per caller, between
// lines of dashes.
std::vector<PprofTrace> GoPprofTraces(const std::string& path) {
  std::string text = RunCommand(GoCommand() + " tool pprof -traces '" + path + "' 2>/dev/null");
  std::vector<PprofTrace> out;
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  PprofTrace t;
  auto finish = [&] {
    if (inside && !t.functions.empty()) out.push_back(t);
    t = PprofTrace();
  };
  while (std::getline(in, line)) {
    if (line.starts_with("-----------+")) {
      finish();
      inside = true;
      continue;
    }
    if (!inside) continue;
    std::string body = line.size() > 13 ? line.substr(13) : "";
    std::string head = line.substr(0, std::min<size_t>(line.size(), 10));
    if (auto colon = line.find(":  "); colon != std::string::npos && t.functions.empty()) {
      std::string key = line.substr(line.find_first_not_of(' '));
      key = key.substr(0, key.find(":  "));
      t.labels[key] = line.substr(colon + 3);
      continue;
    }
    if (head.find_first_not_of(' ') != std::string::npos) t.value = std::stoll(head);
    if (body.ends_with(" (inline)")) body.resize(body.size() - 9);
    if (!body.empty()) t.functions.push_back(body);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace gf::testing
