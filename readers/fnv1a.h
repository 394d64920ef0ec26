#pragma once
// FNV-1a, 64-bit: the stable hash behind leak signatures and content keys.
// Stable across runs, machines and releases of goforensics, which a
// signature compared between dumps of a fleet must be.
#include <cstdint>
#include <span>
#include <string_view>

namespace gf {

class Fnv1a {
 public:
  void Add(std::span<const uint8_t> bytes) {
    for (uint8_t b : bytes) h_ = (h_ ^ b) * 1099511628211ull;
  }
  void Add(std::string_view s) { Add({reinterpret_cast<const uint8_t*>(s.data()), s.size()}); }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 1469598103934665603ull;
};

}  // namespace gf
