#pragma once
// One event of the pre-Go 1.22 trace format as it is encoded: a byte holding
// the type and how many values follow (up to three inline varints, or a
// length-prefixed run of them), plus the string events' and user logs'
// trailing bytes.
#include <array>
#include <cstdint>
#include <string_view>

#include "readers/trace/byte_cursor.h"

namespace gf::v1 {

struct RawEvent {
  uint8_t type = 0;
  size_t offset = 0;              // of the type byte
  unsigned count = 0;             // values read into v
  std::array<uint64_t, 8> v{};    // timestamp delta first, for timed events
  std::string_view text;          // kEvString: the string (v[0] is its id)
  size_t values_begin = 0, values_end = 0;  // kEvStack: where its values are, unread
};

// Reads the event at the cursor. Checks its type and value count.
void ReadRawEvent(ByteCursor& in, RawEvent& e);

}  // namespace gf::v1
