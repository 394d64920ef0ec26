// Fuzzes the pprof profile reader (protobuf, plain or compressed, with ids
// and string indices resolved) and the goroutine profile reader that
// recognises its three forms (proto, debug=1, debug=2) by content.
#include <cstdint>
#include <string_view>

#include "readers/goroutine_profile.h"
#include "readers/pprof_profile.h"
#include "readers/read_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    gf::ParsePprofProfile(bytes, "fuzz");
  } catch (const gf::ReadError&) {
  }
  try {
    gf::ParseGoroutineProfile(bytes, "fuzz");
  } catch (const gf::ReadError&) {
  }
  return 0;
}
