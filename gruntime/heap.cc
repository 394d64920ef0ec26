#include "gruntime/heap.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace gf {

const HeapSpan& Heap::span_of(uint32_t object) const {
  // Through the page table when the object lies in its span (it always
  // does, unless the builder was given an address outside it).
  if (const HeapSpan* s = SpanAt(address(object)); s && object - s->first_object < s->objects) return *s;
  auto it = std::upper_bound(span_firsts_.begin(), span_firsts_.end(), object);
  return spans_[it - span_firsts_.begin() - 1];
}

void Heap::PrefetchSpan(uint32_t span) const { __builtin_prefetch(&span_slots_[span]); }

void Heap::PrefetchSlot(uint32_t span, uint64_t addr) const {
  if (const SpanSlots& ss = span_slots_[span]; ss.magic)
    __builtin_prefetch(&slot_words_[ss.first_word + ((addr - ss.base) * ss.magic >> 32) / 64]);
}

std::optional<uint32_t> Heap::Find(uint64_t addr) const {
  uint32_t s = SpanIndexAt(addr);
  if (s == kNoSpan) return std::nullopt;
  return FindInSpan(s, addr);
}

std::optional<uint32_t> Heap::Find(uint64_t addr, const HeapSpan*& span) const {
  uint32_t s = SpanIndexAt(addr);
  span = s == kNoSpan ? nullptr : &spans_[s];
  if (s == kNoSpan) return std::nullopt;
  return FindInSpan(s, addr);
}

// The slot's allocation bit, and the object's index by counting the
// allocated slots before it in its word: no look at the objects' addresses.
std::optional<uint32_t> Heap::FindInSpan(uint32_t span, uint64_t addr) const {
  const SpanSlots& s = span_slots_[span];
  uint64_t slot;
  if (s.magic) {
    slot = (addr - s.base) * s.magic >> 32;
  } else {
    const HeapSpan& h = spans_[span];
    if (h.elem_size == 0) return std::nullopt;
    slot = (addr - h.base) / h.elem_size;
  }
  uint64_t word = s.first_word + slot / 64;
  if (word >= span_slots_[span + 1].first_word) return std::nullopt;  // past the span's slots
  const SlotWord& w = slot_words_[word];
  uint64_t below = uint64_t{1} << (slot % 64);
  if (!(w.allocated & below)) return std::nullopt;
  return w.first_object + static_cast<uint32_t>(std::popcount(w.allocated & (below - 1)));
}

uint32_t Heap::AddType(HeapType t) {
  if (types_.size() >= kInferred) throw std::length_error("more than 2G heap types");
  types_.push_back(std::move(t));
  return static_cast<uint32_t>(types_.size() - 1);
}

void Heap::SetInferredType(uint32_t object, uint32_t type_index) {
  objects_[object].type_index = type_index | kInferred;
}

namespace {

// (offset * magic) >> 32 == offset / elem_size for every offset in the span
// when bytes * elem_size <= 2^32 (magic exceeds 2^32 / elem_size by less
// than 1, so the quotient by less than bytes / 2^32 <= 1 / elem_size); 0
// when that does not hold.
uint32_t SpanMagic(const HeapSpan& s) {
  if (s.elem_size == 0 || s.bytes > UINT32_MAX || s.bytes * s.elem_size > (uint64_t{1} << 32)) return 0;
  return static_cast<uint32_t>(uint64_t{UINT32_MAX} / s.elem_size + 1);
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
  span.first_object = static_cast<uint32_t>(heap_.object_count());
  span.objects = 0;
  heap_.spans_.push_back(span);
  heap_.span_slots_.push_back({span.base, SpanMagic(span), static_cast<uint32_t>(heap_.slot_words_.size())});
  heap_.slot_words_.resize(heap_.slot_words_.size() + (span.elem_size ? (span.nelems + 63) / 64 : 0));
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

void HeapBuilder::Reserve(uint64_t objects) {
  heap_.objects_.reserve(objects);
}

void HeapBuilder::AddObjects(uint64_t word, uint64_t allocated, uint32_t type_index) {
  HeapSpan& s = heap_.spans_.back();
  for (uint64_t bits = allocated; bits; bits &= bits - 1) {
    uint64_t address = s.base + (word * 64 + std::countr_zero(bits)) * s.elem_size;
    uint32_t high = static_cast<uint32_t>(address >> 32);
    if (heap_.window_highs_.empty() || heap_.window_highs_.back() != high) {
      heap_.window_firsts_.push_back(static_cast<uint32_t>(heap_.object_count()));
      heap_.window_highs_.push_back(high);
    }
    heap_.objects_.push_back({static_cast<uint32_t>(address), type_index});
  }
  heap_.slot_words_[heap_.span_slots_.back().first_word + word].allocated |= allocated;
  s.objects += static_cast<uint32_t>(std::popcount(allocated));
}

uint32_t HeapBuilder::AddType(HeapType t) { return heap_.AddType(std::move(t)); }

Heap HeapBuilder::Build() {
  heap_.span_firsts_.reserve(heap_.spans_.size());
  for (const auto& s : heap_.spans_) heap_.span_firsts_.push_back(s.first_object);
  // Each word's first object: its span's first, plus the allocated slots
  // of the span's words before it.
  for (size_t i = 0; i < heap_.spans_.size(); ++i) {
    uint32_t object = heap_.spans_[i].first_object;
    uint32_t end = i + 1 < heap_.spans_.size() ? heap_.span_slots_[i + 1].first_word
                                               : static_cast<uint32_t>(heap_.slot_words_.size());
    for (uint32_t w = heap_.span_slots_[i].first_word; w < end; ++w) {
      heap_.slot_words_[w].first_object = object;
      object += static_cast<uint32_t>(std::popcount(heap_.slot_words_[w].allocated));
    }
  }
  heap_.span_slots_.push_back({0, 0, static_cast<uint32_t>(heap_.slot_words_.size())});
  heap_.span_slots_.shrink_to_fit();
  heap_.slot_words_.shrink_to_fit();
  heap_.objects_.shrink_to_fit();
  if (!heap_.arenas_.empty()) {
    heap_.lo_ = heap_.arenas_.front().base;
    heap_.extent_ = heap_.arenas_.back().base + heap_.arena_bytes_ - heap_.lo_;
    // At most 4M entries (16 MB), for arenas spread over all of a 48-bit
    // address space.
    heap_.arena_at_.assign(heap_.extent_ / heap_.arena_bytes_, Heap::kNoSpan);
    for (uint32_t a = 0; a < heap_.arenas_.size(); ++a)
      heap_.arena_at_[(heap_.arenas_[a].base - heap_.lo_) / heap_.arena_bytes_] = a;
  }
  return std::move(heap_);
}

}  // namespace gf
