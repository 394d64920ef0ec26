#include "readers/trace/byte_cursor.h"

#include "readers/read_error.h"

namespace gf {

ByteCursor::ByteCursor(const std::string& path, std::span<const uint8_t> file, size_t begin, size_t end)
    : path_(&path), file_(file), pos_(begin), end_(end) {}

void ByteCursor::FailAt(size_t offset, const std::string& problem) const {
  throw ReadError(*path_, "at byte " + std::to_string(offset) + ": " + problem);
}

uint8_t ByteCursor::PeekByte() const {
  if (AtEnd()) Fail("unexpected end of data");
  return file_[pos_];
}

uint8_t ByteCursor::Byte() {
  uint8_t b = PeekByte();
  ++pos_;
  return b;
}

uint64_t ByteCursor::Uvarint() {
  size_t start = pos_;
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 70; shift += 7) {
    if (AtEnd()) FailAt(start, "truncated varint");
    uint8_t b = file_[pos_++];
    // The tenth byte may only hold the top bit of a 64-bit value.
    if (shift == 63 && b > 1) FailAt(start, "varint overflows 64 bits");
    v |= uint64_t{b & 0x7fu} << shift;
    if (b < 0x80) return v;
  }
  FailAt(start, "varint overflows 64 bits");
}

std::string_view ByteCursor::Bytes(uint64_t n) {
  if (n > remaining()) {
    Fail("truncated: needs " + std::to_string(n) + " bytes, only " + std::to_string(remaining()) + " left");
  }
  std::string_view v(reinterpret_cast<const char*>(file_.data()) + pos_, n);
  pos_ += n;
  return v;
}

ByteCursor ByteCursor::Sub(uint64_t n) {
  size_t begin = pos_;
  Skip(n);
  return ByteCursor(*path_, file_, begin, pos_);
}

}  // namespace gf
