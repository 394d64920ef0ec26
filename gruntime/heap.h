#pragma once
// The Go heap as a core recorded it: in-use spans and their allocated
// objects, each object's type where the runtime kept one, or where one was
// inferred later (InferHeapTypes). Built for millions of objects: 8 bytes
// and a few bits per object (the address's low half, the type index with
// whether the type was inferred, whether the slot is allocated); sizes come
// from the object's span.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gf {

struct HeapType {
  enum class Kind : uint8_t {
    kType,           // one value of the type
    kArrayOf,        // a backing array of the type (the allocation holds several)
    kUnknownNoscan,  // no type recorded, no pointers (e.g. []byte, strings)
    kUnknownScan,    // no type recorded, has pointers (small objects, Go <= 1.21)
  };
  Kind kind = Kind::kType;
  uint64_t address = 0;    // the abi.Type descriptor, 0 when unknown
  uint64_t type_size = 0;  // the descriptor's size
  uint64_t slot_size = 0;  // unknown kinds are told apart by their slot size
  std::string name;        // "main.node", "[]main.item"; empty when unknown
  bool known() const { return kind == Kind::kType || kind == Kind::kArrayOf; }
};

struct HeapSpan {
  uint64_t mspan = 0;  // address of the runtime.mspan
  uint64_t base = 0, bytes = 0, elem_size = 0;
  uint64_t nelems = 0;
  uint32_t first_object = 0, objects = 0;  // its allocated objects, in address order
  uint8_t span_class = 0;
  bool noscan() const { return span_class & 1; }
  uint32_t size_class() const { return span_class >> 1; }
  uint64_t end() const { return base + bytes; }
};

class Heap {
 public:
  size_t object_count() const { return objects_.size(); }
  // An object's address is its slot's start: for a Go 1.22+ object with an
  // allocation header, the header, 8 bytes before the value.
  uint64_t address(uint32_t object) const {
    // A heap spans one or a few 4 GB windows: a search over a few entries
    // in cache.
    auto it = std::upper_bound(window_firsts_.begin(), window_firsts_.end(), object);
    return uint64_t{window_highs_[it - window_firsts_.begin() - 1]} << 32 | objects_[object].address_low;
  }
  uint64_t size(uint32_t object) const { return span_of(object).elem_size; }
  const HeapType& type(uint32_t object) const { return types_[type_index(object)]; }
  uint32_t type_index(uint32_t object) const { return objects_[object].type_index & ~kInferred; }
  // Asks the CPU for the object's type index and address ahead of use:
  // walks that look up millions of objects in random order do it for a
  // batch at a time.
  void Prefetch(uint32_t object) const { __builtin_prefetch(&objects_[object]); }
  // Find in steps, for walks that look up a batch of addresses at a time
  // and ask for what each step reads a while before it: the span an
  // address lies in (kNoSpan if none) through the page table, its records,
  // then its slot's allocation bits, then the object.
  static constexpr uint32_t kNoSpan = UINT32_MAX;
  uint32_t SpanIndexAt(uint64_t addr) const {
    // Shifts where the sizes are powers of two (they are in every Go): this
    // runs for every pointer in the heap.
    if (!MayHold(addr)) return kNoSpan;
    uint64_t off = addr - lo_;
    uint32_t a = arena_at_[arena_shift_ ? off >> arena_shift_ : off / arena_bytes_];
    if (a == kNoSpan) return kNoSpan;
    const Arena& arena = arenas_[a];
    return arena.page_spans[page_shift_ ? (addr - arena.base) >> page_shift_ : (addr - arena.base) / page_size_];
  }
  void PrefetchSpan(uint32_t span) const;  // what FindInSpan reads of it
  void PrefetchSlot(uint32_t span, uint64_t addr) const;
  std::optional<uint32_t> FindInSpan(uint32_t span, uint64_t addr) const;
  const std::vector<HeapType>& types() const { return types_; }
  // Whether the object's type was inferred from what points to it rather
  // than recorded by the runtime.
  bool inferred(uint32_t object) const { return objects_[object].type_index & kInferred; }
  // Type inference's additions once the heap is built.
  uint32_t AddType(HeapType t);
  void SetInferredType(uint32_t object, uint32_t type_index);
  const std::vector<HeapSpan>& spans() const { return spans_; }  // by address
  const HeapSpan& span_of(uint32_t object) const;
  // The allocated object whose slot holds addr, through the arena's page
  // table: arena, then page, then span, then the span's allocation bits.
  std::optional<uint32_t> Find(uint64_t addr) const;
  // The same, setting span to the object's span.
  std::optional<uint32_t> Find(uint64_t addr, const HeapSpan*& span) const;
  // Whether addr lies in a span of heap objects (allocated or free slots).
  bool InObjectSpan(uint64_t addr) const {
    const HeapSpan* s = SpanAt(addr);
    return s && s->elem_size != 0;
  }

 private:
  friend class HeapBuilder;
  struct Arena {
    uint64_t base = 0;
    std::vector<uint32_t> page_spans;  // span index per page, kNoSpan if none
  };
  // The top bit of an object's type index says the type was inferred (in
  // the word a lookup of the type reads anyway, not a cache miss more).
  static constexpr uint32_t kInferred = uint32_t{1} << 31;
  // What Find needs of a span, in 16 bytes (a HeapSpan is 56): the slot
  // index is (addr - base) * magic >> 32, the runtime's own divMagic, when
  // that is exact for every offset in the span (magic 0: divide); the
  // span's allocation bits are slot_words_[first_word ..].
  struct SpanSlots {
    uint64_t base = 0;
    uint32_t magic = 0, first_word = 0;
  };
  // 64 slots of a span: which are allocated objects, and the index of the
  // first allocated object at or after the word's first slot.
  struct SlotWord {
    uint64_t allocated = 0;
    uint32_t first_object = 0;
  };
  const HeapSpan* SpanAt(uint64_t addr) const {
    uint32_t s = SpanIndexAt(addr);
    return s == kNoSpan ? nullptr : &spans_[s];
  }
  // False for addresses outside every arena: most words that are no
  // pointers into the heap are turned away here, before the page table.
  bool MayHold(uint64_t addr) const { return addr - lo_ < extent_; }

  uint64_t page_size_ = 0, arena_bytes_ = 0;
  uint64_t lo_ = 0, extent_ = 0;  // the arenas' span of addresses: [lo_, lo_ + extent_)
  int page_shift_ = 0, arena_shift_ = 0;  // log2 of those when powers of two, else 0
  std::vector<HeapSpan> spans_;
  std::vector<uint32_t> span_firsts_;  // spans_[i].first_object: a compact index for span_of
  std::vector<SpanSlots> span_slots_;   // per span, and one past the last (its first_word ends the words)
  std::vector<SlotWord> slot_words_;
  std::vector<Arena> arenas_;  // by base
  // Per arena-sized step from lo_: the index of the arena there in
  // arenas_, or kNoSpan (a table rather than a search: every pointer in the
  // heap is looked up, some three times).
  std::vector<uint32_t> arena_at_;
  // Each object's address, by its low 32 bits (the upper 32 bits from
  // window_highs_[k] for the objects from window_firsts_[k] on), and its
  // type index (with kInferred) side by side: a random lookup of an object
  // wants both, one cache line.
  struct ObjectRecord {
    uint32_t address_low, type_index;
  };
  std::vector<ObjectRecord> objects_;
  std::vector<uint32_t> window_firsts_, window_highs_;
  std::vector<HeapType> types_;
};

// Assembles a Heap from spans given in address order, each followed by its
// objects in address order.
class HeapBuilder {
 public:
  HeapBuilder(uint64_t page_size, uint64_t arena_bytes);
  // False (nothing kept) when the span starts before the previous one ends.
  bool AddSpan(HeapSpan span);
  // Room for this many objects, when known ahead (no copies as they come).
  void Reserve(uint64_t objects);
  // The last span's slots 64 * word + b, for each bit b of `allocated`
  // (below its nelems, words in ascending order), hold allocated objects
  // of this type.
  void AddObjects(uint64_t word, uint64_t allocated, uint32_t type_index);
  uint32_t AddType(HeapType t);
  const HeapType& type(uint32_t index) const { return heap_.types_[index]; }
  Heap Build();

 private:
  void IndexPages(uint32_t span_index);

  Heap heap_;
};

}  // namespace gf
