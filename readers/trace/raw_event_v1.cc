#include "readers/trace/raw_event_v1.h"

#include "readers/trace/event_table_v1.h"

namespace gf::v1 {

namespace {

constexpr uint64_t kMaxPrefixedValues = 2048;  // bytes; Go's parser's limit too
constexpr uint64_t kMaxString = 1'000'000;

void ReadPrefixedValues(ByteCursor& in, RawEvent& e) {
  size_t at = in.offset();
  uint64_t len = in.Uvarint();
  if (len > kMaxPrefixedValues) in.FailAt(at, "event values of " + std::to_string(len) + " bytes exceed the maximum");
  ByteCursor values = in.Sub(len);
  if (e.type == kEvStack) {
    e.values_begin = at;
    e.values_end = values.offset() + values.remaining();
    // Skip the length again when the stack is parsed.
    return;
  }
  while (!values.AtEnd()) {
    if (e.count == e.v.size()) values.FailAt(e.offset, "event has too many values");
    e.v[e.count++] = values.Uvarint();
  }
  if (e.type == kEvUserLog) {
    size_t str_at = in.offset();
    uint64_t n = in.Uvarint();
    if (n > kMaxString) in.FailAt(str_at, "string of " + std::to_string(n) + " bytes exceeds the maximum");
    in.Skip(n);
  }
}

}  // namespace

void ReadRawEvent(ByteCursor& in, RawEvent& e) {
  e.offset = in.offset();
  uint8_t b = in.Byte();
  e.type = b & 0x3f;
  e.count = 0;
  const EventSpec* spec = Spec(e.type);
  if (spec == nullptr) in.FailAt(e.offset, "unknown event type " + std::to_string(e.type));
  if (e.type == kEvString) {
    e.v[0] = in.Uvarint();
    size_t len_at = in.offset();
    uint64_t len = in.Uvarint();
    if (len == 0 || len > kMaxString) in.FailAt(len_at, "string of invalid length " + std::to_string(len));
    e.text = in.Bytes(len);
    return;
  }
  unsigned inline_values = (b >> 6) + 1;
  if (inline_values <= 3) {
    for (; e.count < inline_values; ++e.count) e.v[e.count] = in.Uvarint();
  } else {
    ReadPrefixedValues(in, e);
  }
  if (e.type != kEvStack && e.count != ValueCount(*spec)) {
    in.FailAt(e.offset, std::string(spec->name) + " event has " + std::to_string(e.count) + " values, expected " +
                            std::to_string(ValueCount(*spec)));
  }
}

}  // namespace gf::v1
