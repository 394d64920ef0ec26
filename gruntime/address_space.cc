#include "gruntime/address_space.h"

#include <algorithm>

#include "readers/elf_core.h"
#include "readers/elf_image.h"
#include "readers/hex.h"

namespace gf {

MemoryFault::MemoryFault(uint64_t addr)
    : std::runtime_error("memory at " + Hex(addr) + " is not in the core"), addr_(addr) {}

AddressSpace::AddressSpace(const ElfCore& core, const ElfImage& exe, uint64_t bias) {
  for (const auto& s : core.segments()) {
    if (s.available == 0) continue;
    regions_.push_back({s.vaddr, s.vaddr + s.available, core.SegmentBytes(s).data(), true});
  }
  std::sort(regions_.begin(), regions_.end(), [](const Region& a, const Region& b) { return a.start < b.start; });
  // Pages of the executable the kernel did not dump read from the file.
  for (const auto& seg : exe.segments()) {
    if (seg.filesz == 0) continue;
    auto bytes = exe.BytesAt(seg.vaddr, seg.filesz);
    AddUncovered(seg.vaddr + bias, seg.vaddr + bias + seg.filesz, bytes.data());
  }
  std::sort(regions_.begin(), regions_.end(), [](const Region& a, const Region& b) { return a.start < b.start; });
}

void AddressSpace::AddUncovered(uint64_t start, uint64_t end, const uint8_t* data) {
  std::vector<Region> added;
  uint64_t cur = start;
  for (const auto& r : regions_) {
    if (!r.from_core || r.end <= cur) continue;
    if (r.start >= end) break;
    if (r.start > cur) added.push_back({cur, r.start, data + (cur - start), false});
    cur = std::max(cur, r.end);
  }
  if (cur < end) added.push_back({cur, end, data + (cur - start), false});
  regions_.insert(regions_.end(), added.begin(), added.end());
}

const AddressSpace::Region* AddressSpace::Find(uint64_t addr) const {
  auto it = std::upper_bound(regions_.begin(), regions_.end(), addr,
                             [](uint64_t a, const Region& r) { return a < r.start; });
  if (it == regions_.begin()) return nullptr;
  --it;
  return addr < it->end ? &*it : nullptr;
}

std::span<const uint8_t> AddressSpace::View(uint64_t addr, uint64_t n) const {
  const Region* r = Find(addr);
  if (!r || n > r->end - addr) return {};
  return {r->data + (addr - r->start), n};
}

std::span<const uint8_t> AddressSpace::CoreView(uint64_t addr, uint64_t n) const {
  const Region* r = Find(addr);
  if (!r || !r->from_core || n > r->end - addr) return {};
  return {r->data + (addr - r->start), n};
}

std::string AddressSpace::ReadGoString(uint64_t addr, uint64_t max_len) const {
  uint64_t ptr = ReadPointer(addr), len = ReadPointer(addr + 8);
  if (len == 0) return {};
  if (len > max_len) throw MemoryFault(addr + 8);
  auto b = View(ptr, len);
  if (b.empty()) throw MemoryFault(ptr);
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

}  // namespace gf
