#include "gruntime/stack_pointers.h"

#include <algorithm>
#include <cstring>
#include <span>

#include "gruntime/target.h"
#include "readers/fnv1a.h"

namespace gf {
namespace {

constexpr uint64_t kWord = 8;
constexpr int32_t kMaxBitmapWords = 1 << 20;  // a torn stack map must not run away

struct StackMapHeader {
  int32_t n, nbit;
};

// Runs of set bits become one range each: fewer, longer ranges to scan.
// Bit i marks the word at base + 8*i.
void AddBitRuns(std::span<const uint8_t> bits, uint64_t nbit, uint64_t base, std::vector<StackRange>& out) {
  for (uint64_t i = 0; i < nbit; ++i) {
    if (!(bits[i / 8] >> (i % 8) & 1)) continue;
    uint64_t lo = base + kWord * i, hi = lo + kWord;
    if (!out.empty() && out.back().hi == lo) out.back().hi = hi;
    else out.push_back({lo, hi});
  }
}

}  // namespace

// The linker puts runtime.rodata, moduledata.rodata, at the start of .rodata.
StackPointers::StackPointers(const Target& target) : target_(target) {
  const ElfImage& image = target.binary().image();
  rodata_ = image.SymbolAddress("runtime.rodata");
  if (const ImageSection* s = image.FindSection(".rodata"); !rodata_ && s) rodata_ = s->addr;
}

// runtime.stackmap: {n, nbit int32; bytedata [n][(nbit+7)/8]byte}.
bool StackPointers::AddBitmap(uint64_t map, int32_t index, uint64_t base, std::vector<StackRange>& out) const {
  const ElfImage& image = target_.binary().image();
  auto head = image.BytesAt(map, sizeof(StackMapHeader));
  if (head.empty()) return false;
  StackMapHeader h;
  std::memcpy(&h, head.data(), sizeof h);
  if (h.nbit < 0 || h.nbit > kMaxBitmapWords || index < 0 || index >= h.n) return false;
  uint64_t row = (static_cast<uint64_t>(h.nbit) + 7) / 8;
  auto bits = image.BytesAt(map + sizeof h + static_cast<uint64_t>(index) * row, row);
  if (bits.empty() && row > 0) return false;
  AddBitRuns(bits, static_cast<uint64_t>(h.nbit), base, out);
  return true;
}

// Address-taken locals and arguments (runtime.stackObjectRecord: off,
// size, ptrBytes int32; gcdataoff uint32 from moduledata.rodata): their
// pointer words by their type's mask, or whole where the mask cannot be
// read. (The collector scans one only when a live pointer reaches it.)
void StackPointers::AddStackObjects(const StackFrame& frame, uint64_t varp, std::vector<StackRange>& out) const {
  auto table = target_.binary().pclntab().FuncDataAddress(frame.sym->func, kFuncdataStackObjects);
  if (!table) return;
  const ElfImage& image = target_.binary().image();
  auto count = image.BytesAt(*table, kWord);
  if (count.empty()) return;
  uint64_t n;
  std::memcpy(&n, count.data(), kWord);
  constexpr uint64_t kRecord = 16;
  for (uint64_t i = 0; i < n && i < 4096; ++i) {
    auto r = image.BytesAt(*table + kWord + i * kRecord, kRecord);
    if (r.empty()) return;
    int32_t off, size, ptr_bytes;
    uint32_t gcdata;
    std::memcpy(&off, r.data(), 4);
    std::memcpy(&size, r.data() + 4, 4);
    std::memcpy(&ptr_bytes, r.data() + 8, 4);
    std::memcpy(&gcdata, r.data() + 12, 4);
    uint64_t base = off < 0 ? varp + off : frame.fp + off;
    if (size <= 0) continue;
    // Go 1.19 writes a negative ptrdata for a type given by a GC program.
    uint64_t words = ptr_bytes < 0 ? 0 : static_cast<uint64_t>(std::min(ptr_bytes, size)) / kWord;
    auto mask = rodata_ ? image.BytesAt(*rodata_ + gcdata, (words + 7) / 8) : std::span<const uint8_t>();
    if (ptr_bytes < 0 || (mask.empty() && words > 0)) {
      out.push_back({base, base + static_cast<uint64_t>(size)});
      continue;
    }
    AddBitRuns(mask, words, base, out);
  }
}

bool StackPointers::AddFrame(const StackFrame& frame, std::vector<StackRange>& out) const {
  if (!frame.sym || frame.trap || frame.pc <= frame.sym->entry) return false;
  auto [it, added] = frame_maps_.try_emplace(frame.SymbolPc());
  if (added) it->second = DecodeFrame(frame);
  const FrameMap& m = it->second;
  for (const auto& [lo, hi] : m.ranges) out.push_back({frame.fp + lo, frame.fp + hi});
  return m.ok;
}

// Mirrors the runtime's getStackMap for one physical frame (amd64: the
// return address and the saved frame pointer sit between varp and fp).
// Everything here is fixed by the pc: the frame's size, hence varp - fp.
StackPointers::FrameMap StackPointers::DecodeFrame(const StackFrame& frame) const {
  FrameMap m;
  const Pclntab& table = target_.binary().pclntab();
  const FuncInfo& f = frame.sym->func;
  auto index = table.PcData(f, kPcdataStackMapIndex, frame.SymbolPc() - target_.load_bias());
  if (!index || *index < 0) return m;
  uint64_t varp = frame.fp - kWord;
  if (varp > frame.sp) varp -= kWord;
  std::vector<StackRange> frame_ranges;
  if (varp > frame.sp) {
    auto locals = table.FuncDataAddress(f, kFuncdataLocalsPointerMaps);
    if (!locals) return m;
    auto head = target_.binary().image().BytesAt(*locals + 4, 4);
    if (head.empty()) return m;
    int32_t nbit;
    std::memcpy(&nbit, head.data(), 4);
    if (nbit < 0 || nbit > kMaxBitmapWords) return m;
    if (nbit > 0 && !AddBitmap(*locals, *index, varp - kWord * nbit, frame_ranges)) return m;
  }
  if (f.args > 0) {
    auto args = table.FuncDataAddress(f, kFuncdataArgsPointerMaps);
    if (!args || !AddBitmap(*args, *index, frame.fp, frame_ranges)) frame_ranges.push_back({frame.fp, frame.fp + f.args});
  }
  AddStackObjects(frame, varp, frame_ranges);
  for (const auto& r : frame_ranges)
    m.ranges.push_back({static_cast<int64_t>(r.lo - frame.fp), static_cast<int64_t>(r.hi - frame.fp)});
  m.ok = true;
  return m;
}

std::vector<StackRange> StackPointers::Ranges(const Goroutine& g) const {
  if (g.frames.empty() || !g.stack_incomplete.empty()) return {{g.stack_bounds.lo, g.stack_bounds.hi}};
  const ShapeMap& shape = Shape(g);
  uint64_t sp = g.frames.front().sp;
  std::vector<StackRange> out;
  out.reserve(shape.ranges.size());
  for (const auto& r : shape.ranges)
    out.push_back({sp + static_cast<uint64_t>(r.lo), r.to_stack_top ? g.stack_bounds.hi : sp + static_cast<uint64_t>(r.hi)});
  return out;
}

const StackPointers::ShapeMap& StackPointers::Shape(const Goroutine& g) const {
  auto key = [](const StackFrame& f) { return f.SymbolPc() | (f.trap ? 1 : 0); };
  Fnv1a h;
  for (const auto& f : g.frames) {
    uint64_t k = key(f);
    h.Add({reinterpret_cast<const uint8_t*>(&k), sizeof k});
  }
  uint64_t hash = h.value();
  auto [first, last] = shapes_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    const auto& pcs = it->second.pcs;
    if (std::equal(pcs.begin(), pcs.end(), g.frames.begin(), g.frames.end(),
                   [&](uint64_t pc, const StackFrame& f) { return pc == key(f); }))
      return it->second;
  }
  ShapeMap shape;
  for (const auto& f : g.frames) shape.pcs.push_back(key(f));
  uint64_t sp = g.frames.front().sp;
  auto rel = [&](uint64_t a) { return static_cast<int64_t>(a - sp); };
  for (const auto& r : DecodeRanges(g)) shape.ranges.push_back({rel(r.lo), rel(r.hi), r.hi == g.stack_bounds.hi});
  return shapes_.emplace(hash, std::move(shape))->second;
}

// A frame without maps is given up to its caller's frame pointer: its
// arguments live in the caller's outgoing area, which the caller's own maps
// do not cover. Below the innermost frame nothing is live.
std::vector<StackRange> StackPointers::DecodeRanges(const Goroutine& g) const {
  std::vector<StackRange> out;
  for (size_t i = 0; i < g.frames.size(); ++i) {
    if (AddFrame(g.frames[i], out)) continue;
    uint64_t end = i + 1 < g.frames.size() ? g.frames[i + 1].fp : g.stack_bounds.hi;
    out.push_back({g.frames[i].sp, std::min(end, g.stack_bounds.hi)});
  }
  return out;
}

}  // namespace gf
