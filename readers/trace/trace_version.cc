#include "readers/trace/trace_version.h"

#include <algorithm>
#include <string_view>

#include "readers/read_error.h"

namespace gf {

namespace {
// The versions Go's runtime writes: 1.19 and 1.20 write "go 1.19", 1.23 and
// 1.24 write "go 1.23".
bool Known(int minor) {
  return minor == 19 || minor == 21 || minor == 22 || minor == 23 || minor == 25 || minor == 26;
}
}  // namespace

TraceVersion ReadTraceVersion(const std::string& path, std::span<const uint8_t> file) {
  constexpr std::string_view kPrefix = "go 1.";
  constexpr size_t kHeaderSize = 16;
  std::string_view head(reinterpret_cast<const char*>(file.data()), std::min(file.size(), kHeaderSize));
  if (!head.starts_with(kPrefix)) throw ReadError(path, "at byte 0: not a Go execution trace (no \"go 1.N trace\" header)");
  size_t i = kPrefix.size();
  int minor = 0;
  while (i < head.size() && head[i] >= '0' && head[i] <= '9' && minor < 1000) minor = minor * 10 + (head[i++] - '0');
  constexpr std::string_view kSuffix = " trace";
  if (head.size() < kHeaderSize || head.substr(i, kSuffix.size()) != kSuffix) {
    throw ReadError(path, "at byte " + std::to_string(std::min(i, head.size())) + ": malformed trace header");
  }
  for (size_t j = i + kSuffix.size(); j < kHeaderSize; ++j) {
    if (head[j] != '\0') throw ReadError(path, "at byte " + std::to_string(j) + ": malformed trace header");
  }
  if (!Known(minor)) {
    throw ReadError(path, "at byte 5: unsupported trace version go 1." + std::to_string(minor) +
                              " (known: 1.19, 1.21, 1.22, 1.23, 1.25, 1.26)");
  }
  return {minor, kHeaderSize};
}

}  // namespace gf
