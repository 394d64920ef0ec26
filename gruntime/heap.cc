#include "gruntime/heap.h"

#include <algorithm>
#include <bit>

namespace gf {

const HeapSpan& Heap::span_of(uint32_t object) const {
  // Through the page table when the object lies in its span (it always
  // does, unless the builder was given an address outside it).
  if (const HeapSpan* s = SpanAt(addresses_[object]); s && object - s->first_object < s->objects) return *s;
  auto it = std::upper_bound(span_firsts_.begin(), span_firsts_.end(), object);
  return spans_[it - span_firsts_.begin() - 1];
}

const HeapSpan* Heap::SpanAt(uint64_t addr) const {
  if (!MayHold(addr)) return nullptr;
  // Shifts where the sizes are powers of two (they are in every Go): this
  // runs for every pointer in the heap.
  uint64_t base = arena_shift_ ? addr >> arena_shift_ << arena_shift_ : addr - addr % arena_bytes_;
  auto it = std::lower_bound(arenas_.begin(), arenas_.end(), base,
                             [](const Arena& a, uint64_t b) { return a.base < b; });
  if (it == arenas_.end() || it->base != base) return nullptr;
  uint32_t s = it->page_spans[page_shift_ ? (addr - base) >> page_shift_ : (addr - base) / page_size_];
  return s == kNoSpan ? nullptr : &spans_[s];
}

void Heap::PrefetchFind(uint64_t addr) const {
  if (const HeapSpan* s = SpanAt(addr)) {
    __builtin_prefetch(s);
    __builtin_prefetch(&span_magics_[s - spans_.data()]);
  }
}

std::optional<uint32_t> Heap::Find(uint64_t addr) const {
  const HeapSpan* span = nullptr;
  return Find(addr, span);
}

std::optional<uint32_t> Heap::Find(uint64_t addr, const HeapSpan*& span) const {
  const HeapSpan* s = span = SpanAt(addr);
  if (!s || s->elem_size == 0) return std::nullopt;
  if (uint32_t magic = span_magics_[s - spans_.data()]) {
    uint64_t index = (addr - s->base) * magic >> 32;
    if (index < s->objects) return static_cast<uint32_t>(s->first_object + index);
    return std::nullopt;
  }
  uint64_t index = (addr - s->base) / s->elem_size, slot = s->base + index * s->elem_size;
  // Most spans are allocated from their start on: then slot i is object i.
  if (index < s->objects && addresses_[s->first_object + index] == slot)
    return static_cast<uint32_t>(s->first_object + index);
  auto first = addresses_.begin() + s->first_object, last = first + s->objects;
  auto it = std::lower_bound(first, last, slot);
  if (it == last || *it != slot) return std::nullopt;
  return static_cast<uint32_t>(it - addresses_.begin());
}

uint32_t Heap::AddType(HeapType t) {
  types_.push_back(std::move(t));
  return static_cast<uint32_t>(types_.size() - 1);
}

void Heap::SetInferredType(uint32_t object, uint32_t type_index) {
  if (inferred_.empty()) inferred_.resize(addresses_.size());
  inferred_[object] = true;
  type_indexes_[object] = type_index;
}

namespace {

// (offset * magic) >> 32 == offset / elem_size for every offset in the span
// when bytes * elem_size <= 2^32 (magic exceeds 2^32 / elem_size by less
// than 1, so the quotient by less than bytes / 2^32 <= 1 / elem_size); 0
// when that does not hold or the span's objects are not exactly its first
// slots.
uint32_t SpanMagic(const HeapSpan& s, const std::vector<uint64_t>& addresses) {
  if (s.elem_size == 0 || s.bytes > UINT32_MAX || s.bytes * s.elem_size > (uint64_t{1} << 32)) return 0;
  uint64_t magic = uint64_t{UINT32_MAX} / s.elem_size + 1;
  for (uint32_t k = 0; k < s.objects; ++k)
    if (addresses[s.first_object + k] != s.base + k * s.elem_size) return 0;
  return static_cast<uint32_t>(magic);
}

}  // namespace

HeapBuilder::HeapBuilder(uint64_t page_size, uint64_t arena_bytes) {
  heap_.page_size_ = page_size;
  heap_.arena_bytes_ = arena_bytes;
  if (std::has_single_bit(page_size)) heap_.page_shift_ = std::countr_zero(page_size);
  if (std::has_single_bit(arena_bytes)) heap_.arena_shift_ = std::countr_zero(arena_bytes);
}

bool HeapBuilder::AddSpan(HeapSpan span) {
  if (!heap_.spans_.empty() && span.base < heap_.spans_.back().end()) return false;
  span.first_object = static_cast<uint32_t>(heap_.addresses_.size());
  span.objects = 0;
  heap_.spans_.push_back(span);
  IndexPages(static_cast<uint32_t>(heap_.spans_.size() - 1));
  return true;
}

// Spans arrive in address order, so arenas are appended in order too.
void HeapBuilder::IndexPages(uint32_t span_index) {
  const HeapSpan& s = heap_.spans_[span_index];
  uint64_t pages_per_arena = heap_.arena_bytes_ / heap_.page_size_;
  for (uint64_t page = s.base; page < s.end(); page += heap_.page_size_) {
    uint64_t base = page - page % heap_.arena_bytes_;
    if (heap_.arenas_.empty() || heap_.arenas_.back().base != base)
      heap_.arenas_.push_back({base, std::vector<uint32_t>(pages_per_arena, Heap::kNoSpan)});
    heap_.arenas_.back().page_spans[(page - base) / heap_.page_size_] = span_index;
  }
}

void HeapBuilder::AddObject(uint64_t address, uint32_t type_index) {
  heap_.addresses_.push_back(address);
  heap_.type_indexes_.push_back(type_index);
  heap_.spans_.back().objects++;
}

uint32_t HeapBuilder::AddType(HeapType t) { return heap_.AddType(std::move(t)); }

Heap HeapBuilder::Build() {
  heap_.span_firsts_.reserve(heap_.spans_.size());
  for (const auto& s : heap_.spans_) heap_.span_firsts_.push_back(s.first_object);
  heap_.span_magics_.reserve(heap_.spans_.size());
  for (const auto& s : heap_.spans_) heap_.span_magics_.push_back(SpanMagic(s, heap_.addresses_));
  heap_.addresses_.shrink_to_fit();
  heap_.type_indexes_.shrink_to_fit();
  if (!heap_.arenas_.empty()) {
    heap_.lo_ = heap_.arenas_.front().base;
    heap_.extent_ = heap_.arenas_.back().base + heap_.arena_bytes_ - heap_.lo_;
  }
  return std::move(heap_);
}

}  // namespace gf
