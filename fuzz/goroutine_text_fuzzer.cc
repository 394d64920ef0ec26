// Fuzzes the goroutine text parsers: tracebacks and debug=2 dumps, and the
// aggregated debug=1 profile, on the same input.
#include <cstdint>
#include <string_view>

#include "readers/goroutine_text.h"
#include "readers/read_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto blocks = gf::ParseGoroutineText(text, "fuzz");
    gf::BestBlockPerGoroutine(blocks);
  } catch (const gf::ReadError&) {
  }
  try {
    gf::ParseGoroutineProfileDebug1(text, "fuzz");
  } catch (const gf::ReadError&) {
  }
  return 0;
}
