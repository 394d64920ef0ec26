#include "forensics/heap_graph.h"

#include <sched.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "gruntime/address_space.h"

namespace gf {
namespace {

constexpr uint64_t kWord = 8;
constexpr uint64_t kPage = 4096;
// Pointers looked up together (SpanBitsEdges).
constexpr size_t kLookupBatch = 32;

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

// The cores this process may run on (taskset, a container's cpuset), not
// the machine's.
size_t UsableCores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return static_cast<size_t>(CPU_COUNT(&set));
}

}  // namespace

HeapGraph::HeapGraph(const AddressSpace& mem, const Heap& heap, const HeapPointers& pointers, const GcRoots& roots)
    : mem_(mem), heap_(heap), pointers_(pointers), roots_(roots) {
  if (uint64_t{1} + roots.size() + heap.object_count() >= UINT32_MAX)
    throw std::length_error("more than 4G heap objects and roots");
  SplitIntoParts();
}

// Reading edges is reading the heap's memory out of the core: page faults
// and cache misses, which cores take in parallel. The parts hold equal
// bytes of spans with pointers: a noscan span costs next to nothing (half
// of a heap of byte slices, which parts of equal bytes gave one thread
// while the other still had most of the pointers). Parts below 64 MiB are
// not worth a thread.
void HeapGraph::SplitIntoParts() {
  constexpr uint64_t kMinPartBytes = uint64_t{64} << 20;
  constexpr size_t kMaxParts = 8;
  const auto& spans = heap_.spans();
  auto scan_bytes = [](const HeapSpan& s) { return s.noscan() ? 0 : s.bytes; };
  uint64_t total = 0;
  for (const auto& s : spans) total += scan_bytes(s);
  size_t parts = std::clamp<size_t>(UsableCores(), 1, kMaxParts);
  parts = std::max<size_t>(1, std::min<uint64_t>(parts, total / kMinPartBytes));
  part_spans_ = {0};
  uint64_t sum = 0;
  for (size_t i = 0; i < spans.size() && part_spans_.size() < parts; ++i) {
    sum += scan_bytes(spans[i]);
    if (sum * parts >= total * part_spans_.size()) part_spans_.push_back(i + 1);
  }
  part_spans_.push_back(spans.size());
  problems_.assign(part_count(), {});
}

HeapGraph::Problems HeapGraph::problems() const {
  Problems all;
  for (const auto& p : problems_) {
    all.objects_without_map += p.objects_without_map;
    all.objects_not_in_core += p.objects_not_in_core;
    all.root_words_not_in_core += p.root_words_not_in_core;
    all.pointers_to_free_slots += p.pointers_to_free_slots;
  }
  return all;
}

uint32_t HeapGraph::node_count() const {
  return static_cast<uint32_t>(1 + roots_.size() + heap_.object_count());
}

void HeapGraph::ForEachEdgeOfPart(size_t part, Sink& sink) const {
  Problems& problems = problems_[part] = {};
  if (part == 0) RootEdges(sink, problems);
  for (size_t i = part_spans_[part]; i < part_spans_[part + 1]; ++i) SpanEdges(sink, heap_.spans()[i], problems);
}

void HeapGraph::SpanEdges(Sink& sink, const HeapSpan& span, Problems& problems) const {
  if (span.objects == 0) return;
  // A noscan span's objects have no edges, but one the core does not hold
  // (a torn span record, a truncated core) is still counted. A span may
  // straddle two mappings: then object by object.
  if (span.noscan()) {
    if (!InCore(mem_, span.base, span.bytes))
      for (uint32_t o = span.first_object; o < span.first_object + span.objects; ++o)
        if (!InCore(mem_, heap_.address(o), span.elem_size)) problems.objects_not_in_core++;
    return;
  }
  auto bits = pointers_.SpanHeapBits(span);
  auto memory = mem_.View(span.base, span.bytes);
  if (bits && !bits->empty() && !memory.empty()) return SpanBitsEdges(sink, span, memory, *bits, problems);
  for (uint32_t o = span.first_object; o < span.first_object + span.objects; ++o) ObjectEdges(sink, o, span, problems);
}

// The bulk of a heap: its small objects, one pointer bit per word, walked
// 56 bits at a time. Their pointers are looked up a batch at a time, so
// that the lookups' cache misses (span records, then slot bits) overlap
// rather than follow each other.
void HeapGraph::SpanBitsEdges(Sink& sink, const HeapSpan& span, std::span<const uint8_t> memory,
                              std::span<const uint8_t> bits, Problems& problems) const {
  const uint64_t words = span.elem_size / kWord;
  struct Pointer {
    uint32_t object, span;
    uint64_t value;
  };
  std::array<Pointer, kLookupBatch> batch;
  size_t batched = 0;
  auto flush = [&] {
    for (size_t i = 0; i < batched; ++i)
      if ((batch[i].span = heap_.SpanIndexAt(batch[i].value)) != Heap::kNoSpan) heap_.PrefetchSpan(batch[i].span);
    for (size_t i = 0; i < batched; ++i)
      if (batch[i].span != Heap::kNoSpan) heap_.PrefetchSlot(batch[i].span, batch[i].value);
    for (size_t i = 0; i < batched; ++i) PointerEdge(sink, batch[i].object, batch[i].span, batch[i].value, problems);
    batched = 0;
  };
  for (uint32_t o = span.first_object; o < span.first_object + span.objects; ++o) {
    uint64_t first = (heap_.address(o) - span.base) / kWord;
    if ((first + words + 7) / 8 > bits.size()) {
      flush();
      ObjectEdges(sink, o, span, problems);
      continue;
    }
    for (uint64_t w = 0; w < words; w += 56) {
      uint64_t at = first + w, chunk = 0;
      std::memcpy(&chunk, bits.data() + at / 8, std::min<uint64_t>(8, bits.size() - at / 8));
      chunk >>= at % 8;
      if (words - w < 56) chunk &= (uint64_t{1} << (words - w)) - 1;
      else chunk &= (uint64_t{1} << 56) - 1;
      for (; chunk; chunk &= chunk - 1) {
        uint64_t v = WordAt(memory, (at + std::countr_zero(chunk)) * kWord);
        if (v == 0) continue;
        batch[batched++] = {o, 0, v};
        if (batched == kLookupBatch) flush();
      }
    }
  }
  flush();
}

void HeapGraph::PointerEdge(Sink& sink, uint32_t object, uint64_t v, bool mapped, Problems& problems) const {
  if (v == 0) return;
  uint32_t span = heap_.SpanIndexAt(v);
  if (span == Heap::kNoSpan) return;
  if (mapped) return PointerEdge(sink, object, span, v, problems);
  if (auto o = heap_.FindInSpan(span, v); o && *o != object) sink.Add(ObjectNode(object), ObjectNode(*o));
}

// A pointer word of the collector's map, whose span is known.
void HeapGraph::PointerEdge(Sink& sink, uint32_t object, uint32_t span, uint64_t v, Problems& problems) const {
  if (span == Heap::kNoSpan) return;
  auto o = heap_.FindInSpan(span, v);
  if (o && *o != object) sink.Add(ObjectNode(object), ObjectNode(*o));
  else if (!o && heap_.spans()[span].elem_size != 0) problems.pointers_to_free_slots++;
}

void HeapGraph::RootEdges(Sink& sink, Problems& problems) const {
  for (size_t r = 0; r < roots_.size(); ++r) sink.Add(0, RootNode(r));
  for (size_t r = 0; r < roots_.size(); ++r) {
    uint32_t from = RootNode(r);
    for (uint32_t w = roots_.first[r]; w < roots_.first[r + 1]; ++w) {
      auto b = mem_.View(roots_.words[w], kWord);
      if (b.empty()) {
        problems.root_words_not_in_core++;
        continue;
      }
      if (auto o = heap_.Find(WordAt(b, 0))) sink.Add(from, ObjectNode(*o));
    }
  }
}

void HeapGraph::ObjectEdges(Sink& sink, uint32_t object, const HeapSpan& span, Problems& problems) const {
  uint64_t base = heap_.address(object);
  auto bytes = mem_.View(base, span.elem_size);
  if (bytes.empty() && !InCore(mem_, base, span.elem_size)) {
    problems.objects_not_in_core++;
    return;
  }
  // Word by word where the object straddles two mappings.
  auto word = [&](uint64_t off) {
    return bytes.empty() ? WordAt(mem_.View(base + off, kWord), 0) : WordAt(bytes, off);
  };
  auto edge = [&](uint64_t v, bool mapped) { PointerEdge(sink, object, v, mapped, problems); };
  // Should the map give out midway (an arena's bitmap missing), the words
  // already followed are followed again: a repeated edge changes nothing.
  if (pointers_.ForEachSlot(object, span, [&](uint64_t off) {
        if (off + kWord <= span.elem_size) edge(word(off), true);
      }))
    return;
  problems.objects_without_map++;
  for (uint64_t off = 0; off + kWord <= span.elem_size; off += kWord) edge(word(off), false);
}

}  // namespace gf
