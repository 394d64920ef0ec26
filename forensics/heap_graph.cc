#include "forensics/heap_graph.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "gruntime/address_space.h"

namespace gf {
namespace {

constexpr uint64_t kWord = 8;

constexpr uint64_t kPage = 4096;

uint64_t WordAt(std::span<const uint8_t> bytes, uint64_t off) {
  uint64_t v;
  std::memcpy(&v, bytes.data() + off, kWord);
  return v;
}

// Whether the core holds all of [addr, addr+n), which may straddle two
// adjacent mappings (a large object often does).
bool InCore(const AddressSpace& mem, uint64_t addr, uint64_t n) {
  if (!mem.View(addr, n).empty()) return true;
  for (uint64_t at = addr; at < addr + n; at = (at | (kPage - 1)) + 1)
    if (mem.View(at, 1).empty()) return false;
  return true;
}

}  // namespace

HeapGraph::HeapGraph(const AddressSpace& mem, const Heap& heap, const HeapPointers& pointers, const GcRoots& roots)
    : mem_(mem), heap_(heap), pointers_(pointers), roots_(roots) {
  if (uint64_t{1} + roots.size() + heap.object_count() >= UINT32_MAX)
    throw std::length_error("more than 4G heap objects and roots");
}

uint32_t HeapGraph::node_count() const {
  return static_cast<uint32_t>(1 + roots_.size() + heap_.object_count());
}

void HeapGraph::ForEachEdge(const Sink& sink) const {
  problems_ = {};
  RootEdges(sink);
  for (const auto& span : heap_.spans()) {
    if (span.objects == 0) continue;
    // A noscan span's objects have no edges, but one the core does not
    // hold (a torn span record, a truncated core) is still counted. A span
    // may straddle two mappings: then object by object.
    if (span.noscan()) {
      if (!InCore(mem_, span.base, span.bytes))
        for (uint32_t o = span.first_object; o < span.first_object + span.objects; ++o)
          if (!InCore(mem_, heap_.address(o), span.elem_size)) problems_.objects_not_in_core++;
      continue;
    }
    auto bits = pointers_.SpanHeapBits(span);
    auto memory = mem_.View(span.base, span.bytes);
    if (bits && !bits->empty() && !memory.empty()) {
      SpanBitsEdges(sink, span, memory, *bits);
      continue;
    }
    for (uint32_t o = span.first_object; o < span.first_object + span.objects; ++o) ObjectEdges(sink, o, span);
  }
}

// The bulk of a heap: its small objects, one pointer bit per word, walked
// 56 bits at a time.
void HeapGraph::SpanBitsEdges(const Sink& sink, const HeapSpan& span, std::span<const uint8_t> memory,
                              std::span<const uint8_t> bits) const {
  const uint64_t words = span.elem_size / kWord;
  for (uint32_t o = span.first_object; o < span.first_object + span.objects; ++o) {
    uint64_t first = (heap_.address(o) - span.base) / kWord;
    if ((first + words + 7) / 8 > bits.size()) {
      ObjectEdges(sink, o, span);
      continue;
    }
    for (uint64_t w = 0; w < words; w += 56) {
      uint64_t at = first + w, chunk = 0;
      std::memcpy(&chunk, bits.data() + at / 8, std::min<uint64_t>(8, bits.size() - at / 8));
      chunk >>= at % 8;
      if (words - w < 56) chunk &= (uint64_t{1} << (words - w)) - 1;
      else chunk &= (uint64_t{1} << 56) - 1;
      for (; chunk; chunk &= chunk - 1)
        PointerEdge(sink, o, WordAt(memory, (at + std::countr_zero(chunk)) * kWord), true);
    }
  }
}

void HeapGraph::PointerEdge(const Sink& sink, uint32_t object, uint64_t v, bool mapped) const {
  if (v == 0) return;
  auto o = heap_.Find(v);
  uint32_t from = 1 + static_cast<uint32_t>(roots_.size()) + object;
  if (o && *o != object) sink(from, from - object + *o);
  else if (!o && mapped && heap_.InObjectSpan(v)) problems_.pointers_to_free_slots++;
}

void HeapGraph::RootEdges(const Sink& sink) const {
  for (size_t r = 0; r < roots_.size(); ++r) sink(0, RootNode(r));
  for (size_t r = 0; r < roots_.size(); ++r) {
    uint32_t from = RootNode(r);
    for (uint32_t w = roots_.first[r]; w < roots_.first[r + 1]; ++w) {
      auto b = mem_.View(roots_.words[w], kWord);
      if (b.empty()) {
        problems_.root_words_not_in_core++;
        continue;
      }
      if (auto o = heap_.Find(WordAt(b, 0))) sink(from, 1 + static_cast<uint32_t>(roots_.size()) + *o);
    }
  }
}

void HeapGraph::ObjectEdges(const Sink& sink, uint32_t object, const HeapSpan& span) const {
  uint64_t base = heap_.address(object);
  auto bytes = mem_.View(base, span.elem_size);
  if (bytes.empty() && !InCore(mem_, base, span.elem_size)) {
    problems_.objects_not_in_core++;
    return;
  }
  // Word by word where the object straddles two mappings.
  auto word = [&](uint64_t off) {
    return bytes.empty() ? WordAt(mem_.View(base + off, kWord), 0) : WordAt(bytes, off);
  };
  auto edge = [&](uint64_t v, bool mapped) { PointerEdge(sink, object, v, mapped); };
  // Should the map give out midway (an arena's bitmap missing), the words
  // already followed are followed again: a repeated edge changes nothing.
  if (pointers_.ForEachSlot(object, span, [&](uint64_t off) {
        if (off + kWord <= span.elem_size) edge(word(off), true);
      }))
    return;
  problems_.objects_without_map++;
  for (uint64_t off = 0; off + kWord <= span.elem_size; off += kWord) edge(word(off), false);
}

}  // namespace gf
