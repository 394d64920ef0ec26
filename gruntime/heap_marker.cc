#include "gruntime/heap_marker.h"

#include <algorithm>
#include <cstring>

#include "gruntime/address_space.h"

namespace gf {
namespace {

constexpr uint64_t kWord = 8;
// Root ranges are read in chunks: a region may hold gigabytes.
constexpr uint64_t kChunk = 1 << 20;
constexpr uint64_t kPage = 4096;  // regions start and end on pages

}  // namespace

HeapMarker::HeapMarker(const AddressSpace& mem, const Heap& heap, const HeapPointers* pointers)
    : mem_(mem), heap_(heap), pointers_(pointers), marked_(heap.object_count()), opaque_(heap.object_count()) {}

void HeapMarker::SetOpaque(uint32_t object) { opaque_[object] = true; }

void HeapMarker::MarkAddress(uint64_t addr) {
  auto object = heap_.Find(addr);
  if (!object || marked_[*object]) return;
  marked_[*object] = true;
  marked_bytes_ += heap_.size(*object);
  if (!opaque_[*object]) work_.push_back(*object);
}

void HeapMarker::MarkRange(uint64_t lo, uint64_t hi) {
  lo = (lo + kWord - 1) & ~(kWord - 1);
  for (uint64_t at = lo; at + kWord <= hi;) {
    uint64_t n = std::min(kChunk, (hi - at) & ~(kWord - 1));
    auto bytes = mem_.View(at, n);
    if (bytes.empty()) {  // the chunk crosses a region's end: go page by page
      n = std::min(((at | (kPage - 1)) + 1) - at, (hi - at) & ~(kWord - 1));
      bytes = mem_.View(at, n);
    }
    if (bytes.empty()) {  // not in the core
      at += n;
      continue;
    }
    MarkWords(bytes);
    at += n;
  }
}

void HeapMarker::MarkWords(std::span<const uint8_t> words) {
  for (uint64_t i = 0; i + kWord <= words.size(); i += kWord) {
    uint64_t v;
    std::memcpy(&v, words.data() + i, kWord);
    if (heap_.MayHold(v)) MarkAddress(v);
  }
}

void HeapMarker::Scan(uint32_t object) {
  uint64_t base = heap_.address(object), size = heap_.size(object);
  if (heap_.span_of(object).noscan()) return;
  auto slots = pointers_ ? pointers_->Slots(object) : std::nullopt;
  if (!slots) return MarkRange(base, base + size);
  for (uint64_t off : *slots) {
    auto b = mem_.View(base + off, kWord);
    if (b.empty()) continue;
    uint64_t v;
    std::memcpy(&v, b.data(), kWord);
    MarkAddress(v);
  }
}

void HeapMarker::Drain() {
  while (!work_.empty()) {
    uint32_t object = work_.back();
    work_.pop_back();
    Scan(object);
  }
}

}  // namespace gf
