#include "gruntime/heap.h"

#include <algorithm>

namespace gf {

const HeapSpan& Heap::span_of(uint32_t object) const {
  auto it = std::upper_bound(spans_.begin(), spans_.end(), object,
                             [](uint32_t o, const HeapSpan& s) { return o < s.first_object; });
  return *(it - 1);
}

const HeapSpan* Heap::SpanAt(uint64_t addr) const {
  uint64_t base = addr - addr % arena_bytes_;
  auto it = std::lower_bound(arenas_.begin(), arenas_.end(), base,
                             [](const Arena& a, uint64_t b) { return a.base < b; });
  if (it == arenas_.end() || it->base != base) return nullptr;
  uint32_t s = it->page_spans[(addr - base) / page_size_];
  return s == kNoSpan ? nullptr : &spans_[s];
}

std::optional<uint32_t> Heap::Find(uint64_t addr) const {
  const HeapSpan* s = SpanAt(addr);
  if (!s || s->elem_size == 0) return std::nullopt;
  uint64_t slot = s->base + (addr - s->base) / s->elem_size * s->elem_size;
  auto first = addresses_.begin() + s->first_object, last = first + s->objects;
  auto it = std::lower_bound(first, last, slot);
  if (it == last || *it != slot) return std::nullopt;
  return static_cast<uint32_t>(it - addresses_.begin());
}

HeapBuilder::HeapBuilder(uint64_t page_size, uint64_t arena_bytes) {
  heap_.page_size_ = page_size;
  heap_.arena_bytes_ = arena_bytes;
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

uint32_t HeapBuilder::AddType(HeapType t) {
  heap_.types_.push_back(std::move(t));
  return static_cast<uint32_t>(heap_.types_.size() - 1);
}

Heap HeapBuilder::Build() {
  heap_.addresses_.shrink_to_fit();
  heap_.type_indexes_.shrink_to_fit();
  return std::move(heap_);
}

}  // namespace gf
