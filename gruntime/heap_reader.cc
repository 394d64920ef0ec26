#include "gruntime/heap_reader.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <map>
#include <unordered_map>

#include "gruntime/go_types.h"
#include "gruntime/page_alloc.h"
#include "gruntime/target.h"
#include "readers/hex.h"
#include "readers/read_error.h"

namespace gf {
namespace {

// More spans than this in allspans means the slice header is torn (2^28
// one-page spans would be a 2 TB heap).
constexpr uint64_t kMaxSpans = uint64_t{1} << 28;
// A span larger than this is torn (the runtime's own limit is the address space).
constexpr uint64_t kMaxSpanBytes = uint64_t{1} << 40;

uint64_t Field(std::span<const uint8_t> b, uint64_t off, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, b.data() + off, n);
  return v;
}
uint64_t Field(std::span<const uint8_t> b, FieldRef f) { return Field(b, f.offset, f.size); }

// One mspan as read from the core.
struct SpanRecord {
  HeapSpan span;
  uint8_t state = 0;
  uint64_t freeindex = 0, alloc_bits = 0, alloc_count = 0, large_type = 0;
};

// Problems counted by kind, reported once each with the first instance:
// a torn heap can have thousands of them.
class Problems {
 public:
  void Add(const std::string& what, uint64_t addr) {
    auto [it, fresh] = seen_.try_emplace(what, Seen{0, addr});
    it->second.count++;
  }
  void Report(std::vector<std::string>& out) const {
    for (const auto& [what, s] : seen_)
      out.push_back(std::to_string(s.count) + " " + what + " (first at " + Hex(s.first) + ")");
  }

 private:
  struct Seen {
    uint64_t count, first;
  };
  std::map<std::string, Seen> seen_;
};

class Reader {
 public:
  Reader(const Target& t, const HeapLayouts& l)
      : t_(t), mem_(t.memory()), l_(l), types_(t, l), builder_(l.page_size, l.arena_bytes) {}

  void Read(HeapSnapshot& snap);

 private:
  std::vector<uint64_t> AllSpans() const;
  bool ReadWorkBufSpans(uint64_t max_spans);
  void AddSpanList(uint64_t head, uint64_t max_spans);
  std::optional<SpanRecord> ReadSpan(uint64_t mspan);
  bool Plausible(const SpanRecord& r) const;
  void AddSpan(const SpanRecord& r, HeapTotals& totals, uint64_t& skipped);
  void AddObjects(const SpanRecord& r, std::span<const uint8_t> alloc_bits, HeapTotals& totals);
  uint32_t TypeOf(const SpanRecord& r, uint64_t slot);
  // Whether the runtime may record a type per object of the span (else
  // all of them are UnknownType(s)).
  bool HasObjectTypes(const HeapSpan& s) const {
    return !s.noscan() && l_.span_large_type && (s.size_class() == 0 || s.elem_size > l_.min_size_for_malloc_header);
  }
  uint32_t KnownType(const HeapSpan& s, uint64_t slot, uint64_t type_addr, uint64_t usable);
  uint32_t UnknownType(const HeapSpan& s);
  void ReadPages(HeapSnapshot& snap) const;

  const Target& t_;
  const AddressSpace& mem_;
  const HeapLayouts& l_;
  GoTypes types_;
  HeapBuilder builder_;
  uint64_t mheap_ = 0;
  Problems problems_;
  std::vector<uint64_t> workbuf_spans_;  // sorted mspan addresses
  // Type indexes by descriptor address (bit 0: as a backing array) and, for
  // unknown types, by slot size and pointerfulness.
  std::unordered_map<uint64_t, uint32_t> known_, unknown_;
};

void Reader::Read(HeapSnapshot& snap) {
  mheap_ = t_.Global("runtime.mheap_");
  std::vector<SpanRecord> records;
  auto all = AllSpans();
  if (!ReadWorkBufSpans(all.size()))
    snap.warnings.push_back("GC work buffer spans cannot be told from stacks: stack bytes include them");
  for (uint64_t mspan : all) {
    if (auto r = ReadSpan(mspan)) records.push_back(*r);
    else snap.spans_skipped++;
  }
  std::sort(records.begin(), records.end(),
            [](const SpanRecord& a, const SpanRecord& b) { return a.span.base < b.span.base; });
  uint64_t objects = 0;
  for (const auto& r : records) objects += std::min(r.alloc_count, r.span.nelems);
  builder_.Reserve(objects);
  for (const auto& r : records) AddSpan(r, snap.totals, snap.spans_skipped);
  snap.heap = builder_.Build();
  ReadPages(snap);
  try {
    snap.runtime = ReadHeapAccounting(t_, l_);
  } catch (const std::exception& e) {
    snap.warnings.push_back(std::string("the runtime's heap accounting is unreadable: ") + e.what());
  }
  problems_.Report(snap.warnings);
}

std::vector<uint64_t> Reader::AllSpans() const {
  uint64_t header = mheap_ + l_.mheap_allspans;
  uint64_t ptr = mem_.ReadPointer(header), len = mem_.ReadPointer(header + 8);
  if (len > kMaxSpans)
    throw ReadError(t_.core().path(), "runtime.mheap_.allspans has an implausible length " + std::to_string(len));
  auto b = mem_.View(ptr, len * 8);
  if (len && b.empty()) throw ReadError(t_.core().path(), "runtime.mheap_.allspans array is not in the core");
  std::vector<uint64_t> out(len);
  if (len) std::memcpy(out.data(), b.data(), len * 8);
  return out;
}

// Manual spans are stacks unless they are on work.wbufSpans' lists.
bool Reader::ReadWorkBufSpans(uint64_t max_spans) {
  auto work = t_.MaybeGlobal("runtime.work");
  if (!work || !l_.work_wbuf_free || !l_.work_wbuf_busy) return false;
  AddSpanList(*work + *l_.work_wbuf_free, max_spans);
  AddSpanList(*work + *l_.work_wbuf_busy, max_spans);
  std::sort(workbuf_spans_.begin(), workbuf_spans_.end());
  return true;
}

// Bounded by the number of spans, so a torn list with a cycle ends.
void Reader::AddSpanList(uint64_t head, uint64_t max_spans) {
  try {
    uint64_t s = mem_.ReadPointer(head + l_.span_list_first);
    for (uint64_t n = 0; s != 0 && n < max_spans; ++n) {
      workbuf_spans_.push_back(s);
      s = mem_.ReadPointer(s + l_.span_next);
    }
  } catch (const MemoryFault& e) {
    problems_.Add("GC work buffer span lists cut short: not in the core", e.address());
  }
}

// nullopt for spans that are unreadable or torn (counted as problems); dead
// spans come back with their state and are ignored by the caller.
std::optional<SpanRecord> Reader::ReadSpan(uint64_t mspan) {
  auto b = mem_.View(mspan, l_.span_size);
  if (b.empty()) {
    problems_.Add("spans skipped: the mspan is not in the core", mspan);
    return std::nullopt;
  }
  SpanRecord r;
  r.span.mspan = mspan;
  r.state = static_cast<uint8_t>(Field(b, l_.span_state, 1));
  r.span.base = Field(b, l_.span_start, 8);
  r.span.bytes = Field(b, l_.span_npages, 8) * l_.page_size;
  r.span.elem_size = Field(b, l_.span_elemsize, 8);
  r.span.nelems = Field(b, l_.span_nelems);
  r.span.span_class = static_cast<uint8_t>(Field(b, l_.span_spanclass, 1));
  r.freeindex = Field(b, l_.span_freeindex);
  r.alloc_bits = Field(b, l_.span_alloc_bits, 8);
  r.alloc_count = Field(b, l_.span_alloc_count);
  if (l_.span_large_type) r.large_type = Field(b, *l_.span_large_type, 8);
  if ((r.state == l_.span_in_use || r.state == l_.span_manual) && !Plausible(r)) {
    problems_.Add("spans skipped: torn mspan fields (bounds, sizes or class)", mspan);
    return std::nullopt;
  }
  return r;
}

bool Reader::Plausible(const SpanRecord& r) const {
  const HeapSpan& s = r.span;
  if (s.bytes == 0 || s.bytes > kMaxSpanBytes || s.base % l_.page_size != 0 || s.base + s.bytes < s.base) return false;
  if (r.state != l_.span_in_use) return true;
  return s.elem_size != 0 && s.nelems != 0 && s.nelems <= s.bytes / s.elem_size && r.freeindex <= s.nelems &&
         s.size_class() < l_.size_classes;
}

void Reader::AddSpan(const SpanRecord& r, HeapTotals& totals, uint64_t& skipped) {
  if (r.state != l_.span_in_use && r.state != l_.span_manual) return;
  HeapSpan s = r.span;
  if (r.state == l_.span_manual) s.nelems = s.elem_size = 0;  // stacks hold no heap objects
  if (!builder_.AddSpan(s)) {
    problems_.Add("spans skipped: overlapping another span", r.span.mspan);
    skipped++;
    return;
  }
  if (r.state == l_.span_manual) {
    totals.spans_manual++;
    totals.manual_bytes += s.bytes;
    if (!std::binary_search(workbuf_spans_.begin(), workbuf_spans_.end(), s.mspan)) totals.stack_bytes += s.bytes;
    return;
  }
  totals.spans_in_use++;
  totals.in_use_bytes += s.bytes;
  auto bits = mem_.View(r.alloc_bits, (s.nelems + 7) / 8);
  if (bits.empty()) {
    problems_.Add("in-use spans without objects: allocBits not in the core", r.span.mspan);
    return;
  }
  AddObjects(r, bits, totals);
}

// Slots [first, first + 64) that hold objects, as bits: slot i does when
// i < freeindex (the allocator has passed it) or its allocBits bit is set
// (it survived the last GC).
uint64_t AllocatedWord(const SpanRecord& r, std::span<const uint8_t> alloc_bits, uint64_t first) {
  uint64_t word = 0;
  std::memcpy(&word, alloc_bits.data() + first / 8, std::min<uint64_t>(8, alloc_bits.size() - first / 8));
  if (r.freeindex > first) word |= r.freeindex - first >= 64 ? ~uint64_t{0} : (uint64_t{1} << (r.freeindex - first)) - 1;
  if (r.span.nelems - first < 64) word &= (uint64_t{1} << (r.span.nelems - first)) - 1;
  return word;
}

void Reader::AddObjects(const SpanRecord& r, std::span<const uint8_t> alloc_bits, HeapTotals& totals) {
  const HeapSpan& s = r.span;
  uint64_t found = 0;
  // Most spans' objects have no type of their own: the span's is found
  // once, and their slots are added a word at a time.
  std::optional<uint32_t> span_type;
  if (!HasObjectTypes(s)) span_type = UnknownType(s);
  auto add = [&](uint64_t first, uint64_t slots, uint32_t type) {
    builder_.AddObjects(first / 64, slots, type);
    uint64_t n = std::popcount(slots);
    found += n;
    if (!builder_.type(type).known()) {
      totals.unknown_objects += n;
      totals.unknown_bytes += n * s.elem_size;
    }
  };
  for (uint64_t first = 0; first < s.nelems; first += 64) {
    uint64_t allocated = AllocatedWord(r, alloc_bits, first);
    if (span_type) {
      if (allocated) add(first, allocated, *span_type);
      continue;
    }
    for (; allocated; allocated &= allocated - 1) {
      uint64_t slot = allocated & -allocated;
      add(first, slot, TypeOf(r, s.base + (first + std::countr_zero(slot)) * s.elem_size));
    }
  }
  totals.objects += found;
  totals.alloc_bytes += found * s.elem_size;
  if (found != r.alloc_count) problems_.Add("spans whose allocation bits disagree with allocCount", s.mspan);
}

// Go 1.22+ keeps a type for objects with pointers that are not small: in
// the slot's first word (allocation header), or for a large object in its
// span. Small objects and everything before Go 1.22 have none.
uint32_t Reader::TypeOf(const SpanRecord& r, uint64_t slot) {
  const HeapSpan& s = r.span;
  if (!HasObjectTypes(s)) return UnknownType(s);
  if (s.size_class() == 0) return r.large_type ? KnownType(s, slot, r.large_type, s.elem_size) : UnknownType(s);
  uint64_t header = 0;
  try {
    header = mem_.ReadPointer(slot);
  } catch (const MemoryFault&) {
    problems_.Add("objects of unknown type: allocation header not in the core", slot);
    return UnknownType(s);
  }
  return KnownType(s, slot, header, s.elem_size - l_.malloc_header_size);
}

// usable: the slot's bytes after any header. A slot holding two or more
// values of the type is a backing array (Go records the element type).
uint32_t Reader::KnownType(const HeapSpan& s, uint64_t slot, uint64_t type_addr, uint64_t usable) {
  auto desc = types_.Read(type_addr);
  if (!desc) {
    problems_.Add("objects of unknown type: their type word is not a type descriptor", slot);
    return UnknownType(s);
  }
  bool array = desc->size != 0 && usable >= 2 * desc->size;
  auto [it, fresh] = known_.try_emplace(type_addr | (array ? 1 : 0), 0);
  if (!fresh) return it->second;
  HeapType h;
  h.kind = array ? HeapType::Kind::kArrayOf : HeapType::Kind::kType;
  h.address = type_addr;
  h.type_size = desc->size;
  h.name = desc->name.empty() ? "type at " + Hex(type_addr) : desc->name;
  if (array) h.name = "[]" + h.name;
  return it->second = builder_.AddType(std::move(h));
}

uint32_t Reader::UnknownType(const HeapSpan& s) {
  auto [it, fresh] = unknown_.try_emplace(s.elem_size * 2 + (s.noscan() ? 1 : 0), 0);
  if (!fresh) return it->second;
  HeapType h;
  h.kind = s.noscan() ? HeapType::Kind::kUnknownNoscan : HeapType::Kind::kUnknownScan;
  h.slot_size = s.elem_size;
  return it->second = builder_.AddType(std::move(h));
}

void Reader::ReadPages(HeapSnapshot& snap) const {
  try {
    PageCounts pages = CountHeapPages(t_, l_);
    snap.totals.free_bytes = pages.free_bytes;
    snap.totals.released_bytes = pages.released_bytes;
    if (pages.unreadable_chunks)
      snap.warnings.push_back(std::to_string(pages.unreadable_chunks) +
                              " page allocator chunks are not in the core: free and released bytes are low");
  } catch (const std::exception& e) {
    snap.warnings.push_back(std::string("the page allocator is unreadable: ") + e.what());
  }
}

}  // namespace

HeapSnapshot ReadHeap(const Target& target) {
  const DwarfTypes* dwarf = target.binary().dwarf();
  if (!dwarf)
    throw ReadError(target.binary().path(), "has no DWARF (built with -ldflags=-w): the heap's layouts are unknown; "
                                            "use the unstripped binary of the same build");
  HeapSnapshot snap;
  snap.layouts = HeapLayouts::FromDwarf(*dwarf, target.binary().path());
  Reader(target, snap.layouts).Read(snap);
  return snap;
}

}  // namespace gf
