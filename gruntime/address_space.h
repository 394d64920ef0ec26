#pragma once
// The target process's memory as the core recorded it: dumped segments from
// the core, and where the kernel did not dump file-backed pages, the
// executable's own bytes. All reads are bounds-checked views into mappings.
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace gf {

class ElfCore;
class ElfImage;

// A read of memory the core does not hold.
class MemoryFault : public std::runtime_error {
 public:
  explicit MemoryFault(uint64_t addr);
  uint64_t address() const { return addr_; }

 private:
  uint64_t addr_;
};

class AddressSpace {
 public:
  // bias: load address minus link-time address of the executable (PIE).
  AddressSpace(const ElfCore& core, const ElfImage& exe, uint64_t bias);

  // The n bytes at addr if one region holds all of them, else empty.
  std::span<const uint8_t> View(uint64_t addr, uint64_t n) const;
  // Like View, but only memory the core itself dumped.
  std::span<const uint8_t> CoreView(uint64_t addr, uint64_t n) const;
  bool Readable(uint64_t addr, uint64_t n) const { return !View(addr, n).empty(); }

  template <typename T>
  T Read(uint64_t addr) const {
    auto b = View(addr, sizeof(T));
    if (b.empty()) throw MemoryFault(addr);
    T v;
    std::memcpy(&v, b.data(), sizeof(T));
    return v;
  }
  uint64_t ReadPointer(uint64_t addr) const { return Read<uint64_t>(addr); }
  // A Go string header {ptr, len} at addr; max_len bounds a torn length.
  std::string ReadGoString(uint64_t addr, uint64_t max_len = 1 << 20) const;

 private:
  struct Region {
    uint64_t start, end;
    const uint8_t* data;
    bool from_core;
  };
  const Region* Find(uint64_t addr) const;
  void AddUncovered(uint64_t start, uint64_t end, const uint8_t* data);

  std::vector<Region> regions_;  // sorted, non-overlapping
};

}  // namespace gf
