#pragma once
// Where a goroutine's stack holds pointers, the way the garbage collector
// finds them: per frame, the locals and arguments bitmaps the compiler
// emitted for the frame's safe point (FUNCDATA_LocalsPointerMaps and
// ArgsPointerMaps at PCDATA_StackMapIndex), plus the pointer words of the
// frame's address-taken stack objects (by their types' masks). A frame
// without usable maps (assembly, a signal-interrupted frame, an incomplete
// stack) is given whole: scanning more words than the collector would can
// only make more objects reachable, never fewer.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "gruntime/goroutine.h"

namespace gf {

class Target;

struct StackRange {
  uint64_t lo = 0, hi = 0;  // words in [lo, hi) may hold pointers
};

class StackPointers {
 public:
  explicit StackPointers(const Target& target);

  std::vector<StackRange> Ranges(const Goroutine& g) const;

 private:
  // A frame's pointer words relative to its frame pointer: the same for
  // every frame stopped at the same pc, so 100k goroutines parked at a few
  // sites decode their stack maps a few times, not 100k times.
  struct FrameMap {
    bool ok = false;
    std::vector<std::pair<int64_t, int64_t>> ranges;  // [lo, hi) - fp
  };

  // A whole stack's pointer words relative to its innermost frame's SP: the
  // same for every goroutine stopped at the same pcs (frame sizes follow
  // from the pcs), so goroutines parked alike share one decoding.
  struct ShapeMap {
    std::vector<uint64_t> pcs;  // SymbolPc per frame, low bit set for a trap frame
    struct Range {
      int64_t lo, hi;
      bool to_stack_top;  // hi is capped by the stack's top (a frame without maps)
    };
    std::vector<Range> ranges;
  };

  const ShapeMap& Shape(const Goroutine& g) const;
  std::vector<StackRange> DecodeRanges(const Goroutine& g) const;
  bool AddFrame(const StackFrame& frame, std::vector<StackRange>& out) const;
  FrameMap DecodeFrame(const StackFrame& frame) const;
  bool AddBitmap(uint64_t map, int32_t index, uint64_t base, std::vector<StackRange>& out) const;
  void AddStackObjects(const StackFrame& frame, uint64_t varp, std::vector<StackRange>& out) const;

  const Target& target_;
  std::optional<uint64_t> rodata_;  // moduledata.rodata, link-time: stack objects' masks are offsets from it
  mutable std::unordered_map<uint64_t, FrameMap> frame_maps_;  // by SymbolPc
  mutable std::unordered_multimap<uint64_t, ShapeMap> shapes_;  // by a hash of the pcs
};

}  // namespace gf
