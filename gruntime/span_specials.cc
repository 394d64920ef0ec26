#include "gruntime/span_specials.h"

#include "gruntime/address_space.h"
#include "readers/hex.h"

namespace gf {
namespace {

// A specials list longer than this on one span is torn (the runtime keeps
// at most a few per object).
constexpr uint64_t kMaxSpecialsPerSpan = 1 << 20;

void ForEachSpanSpecial(const AddressSpace& mem, const HeapSpan& s, const HeapLayouts& l,
                        const std::function<void(const SpanSpecial&)>& each, std::vector<std::string>& warnings) {
  try {
    uint64_t sp = mem.ReadPointer(s.mspan + l.span_specials);
    for (uint64_t n = 0; sp != 0; ++n) {
      if (n == kMaxSpecialsPerSpan) {
        warnings.push_back("the specials list of span " + Hex(s.mspan) + " does not end: the rest is skipped");
        return;
      }
      uint64_t offset = mem.Read<uint16_t>(sp + l.special_offset);
      each({sp, s.base + offset, mem.Read<uint8_t>(sp + l.special_kind)});
      sp = mem.ReadPointer(sp + l.special_next);
    }
  } catch (const MemoryFault& e) {
    warnings.push_back("the specials of span " + Hex(s.mspan) + " are cut short: " + e.what());
  }
}

}  // namespace

void ForEachSpecial(const AddressSpace& mem, const Heap& heap, const HeapLayouts& l,
                    const std::function<void(const SpanSpecial&)>& each, std::vector<std::string>& warnings) {
  for (const auto& s : heap.spans())
    if (s.elem_size != 0) ForEachSpanSpecial(mem, s, l, each, warnings);
}

}  // namespace gf
