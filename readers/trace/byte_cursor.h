#pragma once
// Bounds-checked reading of a trace's bytes: unsigned LEB128 varints (both
// trace formats), single bytes and byte runs. Every failure is a ReadError
// naming the file and the absolute byte offset where reading went wrong.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace gf {

class ByteCursor {
 public:
  // bytes: the whole file; reading covers [begin, end).
  ByteCursor(const std::string& path, std::span<const uint8_t> file, size_t begin, size_t end);

  bool AtEnd() const { return pos_ >= end_; }
  size_t offset() const { return pos_; }
  size_t remaining() const { return end_ - pos_; }
  uint8_t Byte();
  uint8_t PeekByte() const;
  uint64_t Uvarint();
  // n bytes as a view into the file (no copy).
  std::string_view Bytes(uint64_t n);
  void Skip(uint64_t n) { Bytes(n); }
  // Back to an offset already passed.
  void Rewind(size_t offset) { pos_ = offset < pos_ ? offset : pos_; }
  // A cursor over [begin, end) of the same file.
  ByteCursor At(size_t begin, size_t end) const { return ByteCursor(*path_, file_, begin, end); }
  // A cursor over the next n bytes, which this one skips.
  ByteCursor Sub(uint64_t n);
  [[noreturn]] void Fail(const std::string& problem) const { FailAt(pos_, problem); }
  [[noreturn]] void FailAt(size_t offset, const std::string& problem) const;

 private:
  const std::string* path_;
  std::span<const uint8_t> file_;
  size_t pos_;
  size_t end_;
};

}  // namespace gf
