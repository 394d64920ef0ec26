#pragma once
// The header every Go execution trace starts with, "go 1.N trace\0\0\0..."
// (16 bytes), which says which format and event table the rest follows.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace gf {

struct TraceVersion {
  int minor = 0;              // 19 for "go 1.19 trace"
  size_t header_size = 16;    // where the first batch begins
  bool new_format() const { return minor >= 22; }
};

// Throws ReadError for a file that is not a trace or a version we do not
// know (the old format of Go 1.19-1.21 and the new one of Go 1.22-1.26).
TraceVersion ReadTraceVersion(const std::string& path, std::span<const uint8_t> file);

}  // namespace gf
