#pragma once
// pprof profiles (perftools.profiles.Profile, the format of Go's
// runtime/pprof and of `go tool pprof`), gzipped or plain, resolved into
// samples with their stacks spelled out: no ids or string indices remain.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gf {

// One source frame of a stack. Frames inlined at one address share it.
struct PprofFrame {
  std::string function;
  std::string file;
  int64_t line = 0;
  uint64_t address = 0;
  bool inlined = false;  // inlined into the next frame: both are one location
};

using PprofValueType = std::pair<std::string, std::string>;  // {type, unit}: {"goroutine", "count"}

struct PprofSample {
  std::vector<PprofFrame> stack;  // leaf first, inlined frames expanded (callee first)
  std::vector<int64_t> values;    // one per sample type
  std::vector<std::pair<std::string, std::string>> labels;    // string labels
  std::vector<std::pair<std::string, int64_t>> num_labels;    // numeric labels
};

struct PprofProfile {
  std::vector<PprofValueType> sample_types;
  PprofValueType period_type;
  int64_t period = 0;
  int64_t time_nanos = 0;
  std::vector<std::string> comments;
  std::vector<PprofSample> samples;
};

// Parses a profile, gzipped (as pprof profiles travel), zstd-compressed or
// plain. Throws ReadError naming `source` on
// anything that is not a complete, consistent profile: a truncated or
// corrupt stream, a dangling id or string index. What it allocates is
// bounded by the input: a gzip stream may expand to at most kMaxProfileBytes.
PprofProfile ParsePprofProfile(std::string_view bytes, const std::string& source);
PprofProfile ReadPprofProfile(const std::string& path);

inline constexpr size_t kMaxProfileBytes = size_t{1} << 30;

}  // namespace gf
