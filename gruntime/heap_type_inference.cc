#include "gruntime/heap_type_inference.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <tuple>
#include <unordered_set>

#include "gruntime/heap_pointers.h"
#include "gruntime/span_specials.h"
#include "gruntime/stack_pointers.h"
#include "gruntime/target.h"
#include "gruntime/type_plans.h"
#include "readers/dwarf_types.h"

namespace gf {
namespace {

constexpr uint64_t kWord = 8;
// A frame variable larger than this is not copied (a pointerful stack
// array that large does not occur; a torn type size might).
constexpr uint64_t kMaxFrameVariable = 1 << 20;
constexpr uint32_t kPlanUnresolved = TypePlans::kNone - 1;
constexpr uint32_t kNoType = UINT32_MAX;
// Interior pointers kept for objects still untyped at the end, at most
// this many per object of the heap (2 bytes each).
constexpr uint64_t kInteriorPerObjects = 4;
// Typings are looked up this many at a time: the lookups' cache misses
// (page table, span, type index) overlap instead of following each other.
constexpr size_t kBatch = 32;

uint64_t Word(std::span<const uint8_t> b, uint64_t off) {
  uint64_t v = 0;
  std::memcpy(&v, b.data() + off, kWord);
  return v;
}

class Inferrer {
 public:
  Inferrer(const Target& t, HeapSnapshot& snap);

  void FromGlobals();
  void FromStacks(const GoroutineSnapshot& goroutines);
  void FromRuntimeTypes();
  void FromSpecials();
  void FromInteriorPointers();
  void CountTotals(HeapTotals& totals) const;

 private:
  uint64_t HeaderBytes(const HeapSpan& s) const {
    return l_.span_large_type && !s.noscan() && s.size_class() != 0 && s.elem_size > l_.min_size_for_malloc_header
               ? l_.malloc_header_size
               : 0;
  }
  std::optional<uint64_t> Pointer(uint64_t addr) const {
    auto b = mem_.View(addr, kWord);
    if (b.empty()) return std::nullopt;
    return Word(b, 0);
  }
  void ScanValue(std::span<const uint8_t> value, const TypePlan& p);
  void FollowEdge(std::span<const uint8_t> value, const PlanEdge& e);
  void FollowInterface(uint64_t type, std::span<const uint8_t> data_word);
  void FollowClosure(uint64_t closure);
  void AddInterior(uint32_t object, uint64_t offset, uint32_t plan);
  uint64_t Count(std::span<const uint8_t> value, const PlanEdge& e) const;
  // Queues "the object at addr is count values of plan" (count 0: as many
  // as fit); Flush decides, a batch at a time.
  void Assign(uint64_t addr, uint32_t plan, uint64_t count);
  void Flush();
  struct Typing {
    uint64_t addr, count;
    uint32_t plan, object, span;
  };
  void Apply(const Typing& t);
  uint64_t Coverage(uint32_t object, uint64_t usable) const;
  // Coverage first; at a tie, a per-type structure over the runtime's generic one.
  static uint64_t Rank(uint64_t cover, bool generic) { return cover * 2 + (generic ? 0 : 1); }
  // What Apply needs of a span, in one cache line (a HeapSpan straddles
  // two, and its heap bits are found through the arena): asked for with
  // the span's slots, for every pointer typed.
  struct alignas(32) SpanFacts {
    uint64_t base = 0, elem_size = 0;
    const uint8_t* bits = nullptr;  // its heap bits (Go 1.22+ small objects), or null
    uint32_t header = 0;            // bytes of allocation header before each value
    bool noscan = false;
  };
  bool MatchesPointerMap(uint32_t object, uint32_t span, uint64_t slot, uint64_t header, const TypePlan& p);
  uint32_t TypeIndexFor(uint32_t plan, const TypePlan& p, bool array);
  uint32_t PlanOfType(uint32_t type_index);
  // With its type's plan, or the plan given.
  void ScanObject(uint32_t object, uint32_t plan = TypePlans::kNone);
  void RescanGeneric(uint32_t object, uint32_t plan);
  void Drain();
  void ScanFrame(const StackFrame& frame, const std::vector<StackRange>& live);
  void ScanFrameVariable(const StackFrame& frame, const DwarfFrameVariable& v, const std::vector<StackRange>& live);
  static bool Live(const std::vector<StackRange>& live, uint64_t addr);

  const Target& t_;
  const AddressSpace& mem_;
  const HeapLayouts& l_;
  const DwarfTypes& dwarf_;
  Heap& heap_;
  GoTypes types_;
  HeapPointers pointers_;
  std::optional<TypePlans> plans_;
  uint64_t itab_type_ = kWord;
  std::optional<uint64_t> finalizer_ot_, ptrtype_elem_;  // specialfinalizer.ot, the pointer type's Elem
  std::vector<uint32_t> work_;
  std::array<Typing, kBatch> batch_;
  size_t batched_ = 0;
  std::vector<uint32_t> map_words_;  // the object being typed: its pointer map's words
  std::vector<SpanFacts> span_facts_;  // per span

  std::vector<uint32_t> type_plans_;  // per heap type index: its plan, kNone or kPlanUnresolved
  std::vector<bool> generic_;         // per heap type index: an inferred generic runtime structure
  std::vector<uint32_t> type_of_plan_;  // plan * 2 + array -> heap type index, or kNoType
  // Heap types already there, by what names them, so that an inferred
  // type shares the runtime's entry (and its histogram row).
  std::map<std::tuple<uint64_t, bool>, uint32_t> by_descriptor_;
  std::map<std::tuple<std::string, bool, uint64_t>, uint32_t> by_name_;
  std::map<std::pair<uint64_t, uint64_t>, std::vector<DwarfFrameVariable>> frame_variables_;  // (entry, pc)
  // A pointer of static type T into an untyped object at a multiple of T's
  // size: the object may be an array of T. Taken only for objects nothing
  // else types (a pointer to a struct's field would make the struct one).
  std::vector<std::pair<uint32_t, uint32_t>> interior_;  // (object, plan)
  std::vector<std::pair<uint32_t, uint32_t>> rescans_;   // (object, plan): see RescanGeneric
  std::unordered_set<uint32_t> rescanned_;
};

Inferrer::Inferrer(const Target& t, HeapSnapshot& snap)
    : t_(t), mem_(t.memory()), l_(snap.layouts), dwarf_(*t.binary().dwarf()), heap_(snap.heap), types_(t, snap.layouts),
      pointers_(t, snap) {
  uint64_t types_base = 0, types_end = 0;
  if (auto m = t.MaybeGlobal("runtime.firstmoduledata")) {
    types_base = Pointer(*m + l_.module_types).value_or(0);
    types_end = Pointer(*m + l_.module_etypes).value_or(0);
  }
  plans_.emplace(t, dwarf_, types_, types_base, std::max(types_base, types_end));
  for (const char* itab : {"internal/abi.ITab", "runtime.itab"}) {
    const DwarfStruct* s = dwarf_.Struct(itab);
    const DwarfMember* m = s ? (s->Member("Type") ? s->Member("Type") : s->Member("_type")) : nullptr;
    if (m) {
      itab_type_ = m->offset;
      break;
    }
  }
  const DwarfStruct* fin = dwarf_.Struct("runtime.specialfinalizer");
  const DwarfStruct* ptr = dwarf_.Struct("internal/abi.PtrType");
  if (!ptr) ptr = dwarf_.Struct("runtime.ptrtype");
  const DwarfMember* ot = fin ? fin->Member("ot") : nullptr;
  const DwarfMember* elem = ptr ? (ptr->Member("Elem") ? ptr->Member("Elem") : ptr->Member("elem")) : nullptr;
  if (ot && elem) {
    finalizer_ot_ = ot->offset;
    ptrtype_elem_ = elem->offset;
  }
  span_facts_.reserve(heap_.spans().size());
  for (const HeapSpan& span : heap_.spans()) {
    auto bits = pointers_.SpanHeapBits(span);
    span_facts_.push_back({span.base, span.elem_size, bits && !bits->empty() ? bits->data() : nullptr,
                           static_cast<uint32_t>(HeaderBytes(span)), span.noscan()});
  }
  const auto& types = heap_.types();
  type_plans_.assign(types.size(), kPlanUnresolved);
  generic_.assign(types.size(), false);
  for (uint32_t i = 0; i < types.size(); ++i) {
    if (!types[i].known()) continue;
    bool array = types[i].kind == HeapType::Kind::kArrayOf;
    by_descriptor_.emplace(std::tuple(types[i].address, array), i);
    by_name_.emplace(std::tuple(types[i].name, array, types[i].type_size), i);
  }
}

// Every global whose DWARF type holds pointers.
void Inferrer::FromGlobals() {
  dwarf_.ForEachVariable([&](const std::string&, uint64_t addr, uint64_t type) {
    uint32_t plan = plans_->ForDie(type);
    if (plan == TypePlans::kNone) return;
    const TypePlan& p = plans_->Get(plan);
    if (p.edges.empty()) return;
    auto value = mem_.View(addr + t_.load_bias(), p.size);
    if (value.empty()) return;
    ScanValue(value, p);
    Drain();
  });
}

// Objects the runtime typed are roots too: what they point to is typed.
void Inferrer::FromRuntimeTypes() {
  for (uint32_t o = 0; o < heap_.object_count(); ++o) {
    if (!heap_.type(o).known() || heap_.inferred(o)) continue;
    ScanObject(o);
    Drain();
  }
}

// Finalizers and cleanups: their closures, and the object a finalizer is
// attached to, typed by the finalizer's own pointer type (ot). The lists'
// damage is reported where specials are roots (ReadGcRoots), not here.
void Inferrer::FromSpecials() {
  std::vector<std::string> unreported;
  auto each = [&](const SpanSpecial& sp) {
    if (sp.kind == l_.kind_special_finalizer) {
      if (auto fn = Pointer(sp.record + l_.special_finalizer_fn)) FollowClosure(*fn);
      auto ot = finalizer_ot_ ? Pointer(sp.record + *finalizer_ot_) : std::nullopt;
      auto elem = ot && *ot ? Pointer(*ot + *ptrtype_elem_) : std::nullopt;
      if (elem && *elem) Assign(sp.object, plans_->ForRuntimeType(*elem), 1);
    } else if (sp.kind == l_.kind_special_cleanup && l_.special_cleanup_fn.size == kWord) {
      if (auto fn = Pointer(sp.record + l_.special_cleanup_fn.offset)) FollowClosure(*fn);
    }
    Drain();
  };
  ForEachSpecial(mem_, heap_, l_, each, unreported);
}

void Inferrer::FromInteriorPointers() {
  for (const auto& [o, plan] : interior_) {
    if (heap_.type(o).known()) continue;
    Assign(heap_.address(o) + HeaderBytes(heap_.span_of(o)), plan, 0);
    Drain();
  }
  interior_ = {};
}

void Inferrer::FromStacks(const GoroutineSnapshot& goroutines) {
  StackPointers stacks(t_);
  for (const Goroutine& g : goroutines.goroutines) {
    auto live = stacks.Ranges(g);
    std::sort(live.begin(), live.end(), [](const StackRange& a, const StackRange& b) { return a.lo < b.lo; });
    for (const StackFrame& f : g.frames) ScanFrame(f, live);
    Drain();
  }
}

void Inferrer::ScanFrame(const StackFrame& frame, const std::vector<StackRange>& live) {
  if (!frame.sym) return;
  uint64_t bias = t_.load_bias();
  auto key = std::pair(frame.sym->entry, frame.SymbolPc());
  auto it = frame_variables_.find(key);
  if (it == frame_variables_.end()) {
    std::vector<DwarfFrameVariable> vars;
    if (auto f = dwarf_.FunctionAt(frame.sym->entry - bias)) vars = dwarf_.FrameVariables(*f, frame.SymbolPc() - bias);
    it = frame_variables_.emplace(key, std::move(vars)).first;
  }
  for (const auto& v : it->second) ScanFrameVariable(frame, v, live);
}

// The variable's located pieces, copied; a word the stack maps do not call
// a live pointer is dropped when it points into the heap: a dead slot's
// stale pointer must not type anything.
void Inferrer::ScanFrameVariable(const StackFrame& frame, const DwarfFrameVariable& v,
                                 const std::vector<StackRange>& live) {
  uint32_t plan = plans_->ForDie(v.type);
  if (plan == TypePlans::kNone) return;
  const TypePlan& p = plans_->Get(plan);
  if (p.edges.empty() || p.size > kMaxFrameVariable) return;
  std::vector<uint8_t> value(p.size);
  for (const DwarfPiece& piece : v.pieces) {
    uint64_t size = piece.size ? piece.size : p.size;
    if (!piece.cfa_offset || piece.offset + size > p.size) continue;
    uint64_t addr = frame.fp + static_cast<uint64_t>(*piece.cfa_offset);
    auto bytes = mem_.View(addr, size);
    if (bytes.empty()) continue;
    std::memcpy(value.data() + piece.offset, bytes.data(), size);
    for (uint64_t w = 0; w + kWord <= size; w += kWord) {
      if ((addr + w) % kWord != 0 || Live(live, addr + w)) continue;
      if (heap_.InObjectSpan(Word(bytes, w))) std::memset(value.data() + piece.offset + w, 0, kWord);
    }
  }
  ScanValue(value, p);
}

bool Inferrer::Live(const std::vector<StackRange>& live, uint64_t addr) {
  auto it = std::upper_bound(live.begin(), live.end(), addr, [](uint64_t a, const StackRange& r) { return a < r.lo; });
  return it != live.begin() && addr < (it - 1)->hi;
}

void Inferrer::ScanValue(std::span<const uint8_t> value, const TypePlan& p) {
  for (const PlanEdge& e : p.edges) FollowEdge(value, e);
}

void Inferrer::FollowEdge(std::span<const uint8_t> v, const PlanEdge& e) {
  using K = PlanEdge::Kind;
  auto word = [&](uint64_t off) { return off + kWord <= v.size() ? Word(v, off) : 0; };
  switch (e.kind) {
    case K::kPointer: Assign(word(e.offset), e.target, 1); break;
    case K::kSlice: Assign(word(e.offset), e.target, word(e.offset + 2 * kWord)); break;
    case K::kString:
      if (uint64_t len = word(e.offset + kWord)) Assign(word(e.offset), plans_->StringData(), len);
      break;
    case K::kInterface:
    case K::kEmptyInterface: {
      uint64_t tab = word(e.offset);
      if (tab == 0 || word(e.offset + kWord) == 0 || e.offset + 2 * kWord > v.size()) break;
      auto type = e.kind == K::kInterface ? Pointer(tab + itab_type_) : std::optional<uint64_t>(tab);
      if (type && *type) FollowInterface(*type, v.subspan(e.offset + kWord, kWord));
      break;
    }
    case K::kFunc: FollowClosure(word(e.offset)); break;
    case K::kCounted: Assign(word(e.offset), e.target, Count(v, e)); break;
    case K::kMapDirectory: {
      // A small map's dirPtr is its one group; a larger one's the table directory.
      uint64_t len = word(e.count_offset);
      if (len == 0) Assign(word(e.offset), e.target2, 1);
      else Assign(word(e.offset), e.target, len);
      break;
    }
    case K::kOpaque: break;
    case K::kTrieNode: {
      uint64_t node = word(e.offset);
      auto is_entry = node ? mem_.View(node, 1) : std::span<const uint8_t>{};
      if (!is_entry.empty()) Assign(node, is_entry[0] ? e.target : e.target2, 1);
      break;
    }
    case K::kArray: {
      const TypePlan& elem = plans_->Get(e.target);
      for (uint64_t i = 0; i < e.repeat && e.offset + (i + 1) * e.stride <= v.size(); ++i)
        ScanValue(v.subspan(e.offset + i * e.stride, e.stride), elem);
      break;
    }
  }
}

// A func value points at a closure object (top-level functions' point
// outside the heap), whose first word is its function's entry.
void Inferrer::FollowClosure(uint64_t closure) {
  auto pc = heap_.InObjectSpan(closure) ? Pointer(closure) : std::nullopt;
  if (pc) Assign(closure, plans_->ForClosure(*pc), 1);
}

uint64_t Inferrer::Count(std::span<const uint8_t> v, const PlanEdge& e) const {
  using R = PlanEdge::CountRule;
  if (e.count_rule == R::kShiftByte || e.count_rule == R::kHalfShiftByte) {
    if (e.count_offset >= v.size() || v[e.count_offset] >= 63) return 0;
    uint64_t n = uint64_t{1} << v[e.count_offset];
    return e.count_rule == R::kShiftByte ? n : n / 2;
  }
  if (e.count_offset + kWord > v.size()) return 0;
  return Word(v, e.count_offset) + (e.count_rule == R::kWordPlusOne ? 1 : 0);
}

// An interface holds a pointer-shaped value in its data word itself, any
// other value behind it.
void Inferrer::FollowInterface(uint64_t type, std::span<const uint8_t> data_word) {
  uint32_t plan = plans_->ForRuntimeType(type);
  if (plan == TypePlans::kNone) return;
  const TypePlan& p = plans_->Get(plan);
  if (p.pointer_shaped) ScanValue(data_word, p);
  else Assign(Word(data_word, 0), plan, 1);
}

void Inferrer::Assign(uint64_t addr, uint32_t plan, uint64_t count) {
  if (addr == 0 || plan == TypePlans::kNone) return;
  batch_[batched_++] = {addr, count, plan, 0, 0};
  if (batched_ == kBatch) Flush();
}

void Inferrer::Flush() {
  size_t n = batched_;
  batched_ = 0;
  for (size_t i = 0; i < n; ++i) {
    Typing& t = batch_[i];
    if ((t.span = heap_.SpanIndexAt(t.addr)) == Heap::kNoSpan) continue;
    heap_.PrefetchSpan(t.span);
    __builtin_prefetch(&span_facts_[t.span]);
  }
  for (size_t i = 0; i < n; ++i)
    if (batch_[i].span != Heap::kNoSpan) heap_.PrefetchSlot(batch_[i].span, batch_[i].addr);
  for (size_t i = 0; i < n; ++i) {
    Typing& t = batch_[i];
    auto o = t.span == Heap::kNoSpan ? std::nullopt : heap_.FindInSpan(t.span, t.addr);
    t.object = o.value_or(kNoType);
    if (!o) continue;
    heap_.Prefetch(*o);
    // The pointer map MatchesPointerMap reads.
    const SpanFacts& f = span_facts_[t.span];
    if (f.bits) __builtin_prefetch(f.bits + (t.addr - f.base) / kWord / 8);
  }
  for (size_t i = 0; i < n; ++i)
    if (batch_[i].object != kNoType) Apply(batch_[i]);
}

void Inferrer::Apply(const Typing& t) {
  const SpanFacts& s = span_facts_[t.span];
  uint32_t o = t.object;
  // The slot from the span (heap_.address would be one more cache miss per pointer).
  uint64_t slot = s.base + (t.addr - s.base) / s.elem_size * s.elem_size;
  uint64_t header = s.header, start = slot + header;
  const TypePlan& p = plans_->Get(t.plan);
  if (heap_.type(o).known() && !heap_.inferred(o)) {
    if (t.addr == start && !p.generic) RescanGeneric(o, t.plan);
    return;
  }
  if (t.addr != start) {
    if (t.addr > start && p.valid && p.size) AddInterior(o, t.addr - start, t.plan);
    return;
  }
  uint64_t usable = s.elem_size - header;
  if (!p.valid || p.size == 0 || p.size > usable) return;
  if (p.pointers_known && p.pointers == s.noscan) return;
  if (t.count > usable / p.size) return;  // more elements than the slot holds: not its type
  // count 0: not known (a slice whose cap was optimized out of a frame).
  bool array = t.count != 1 && usable >= 2 * p.size;
  uint64_t cover = array ? usable / p.size * p.size : p.size;
  if (Rank(cover, p.generic) <= Rank(Coverage(o, usable), generic_[heap_.type_index(o)])) return;
  if (!s.noscan && !MatchesPointerMap(o, t.span, slot, header, p)) return;
  heap_.SetInferredType(o, TypeIndexFor(t.plan, p, array));
  if (p.edges.empty()) return;
  work_.push_back(o);
  if (auto value = mem_.View(start, kWord); !value.empty()) __builtin_prefetch(value.data());
}

// An object the runtime typed with its generic structure (a swiss map's
// directory, []*maps.table) is scanned once more with the per-type plan
// that reached it, so that what it points to gets the per-type names.
void Inferrer::RescanGeneric(uint32_t object, uint32_t plan) {
  uint32_t runtime = PlanOfType(heap_.type_index(object));
  if (runtime == TypePlans::kNone || !plans_->Get(runtime).generic) return;
  if (plans_->Get(runtime).size != plans_->Get(plan).size || !rescanned_.insert(object).second) return;
  rescans_.push_back({object, plan});
}

void Inferrer::AddInterior(uint32_t object, uint64_t offset, uint32_t plan) {
  if (heap_.type(object).known() || offset % plans_->Get(plan).size != 0) return;
  if (!interior_.empty() && interior_.back().first == object) return;
  if (interior_.size() >= heap_.object_count() / kInteriorPerObjects + 1024) return;
  interior_.push_back({object, plan});
}

// The type's pointer words in its first value, or its first
// kPointerWordsWindow bytes, must be those the collector's own pointer map
// marks there: every word the map marks is one of them, and each of them
// is marked unless it may point outside the heap. An object whose map is
// not in the core passes.
bool Inferrer::MatchesPointerMap(uint32_t object, uint32_t span, uint64_t slot, uint64_t header,
                                 const TypePlan& p) {
  if (!p.pointer_words_known) return true;
  uint64_t window = std::min(p.size, TypePlans::kPointerWordsWindow);
  map_words_.clear();
  if (const SpanFacts& s = span_facts_[span]; s.bits) {
    uint64_t first = (slot - s.base) / kWord;
    for (uint64_t w = 0; w < window / kWord && w < s.elem_size / kWord; ++w)
      if ((s.bits[(first + w) / 8] >> ((first + w) % 8)) & 1) map_words_.push_back(static_cast<uint32_t>(w * kWord));
  } else {
    bool ok = pointers_.ForEachSlot(object, heap_.spans()[span], [&](uint64_t off) {
      if (off >= header && off - header < window) map_words_.push_back(static_cast<uint32_t>(off - header));
    });
    if (!ok) return true;
  }
  auto strong = p.pointer_words.begin(), strong_end = std::lower_bound(strong, p.pointer_words.end(), window);
  auto weak = p.weak_words.begin();
  for (uint32_t w : map_words_) {
    if (strong != strong_end && *strong < w) return false;  // a pointer word the map does not mark
    if (strong != strong_end && *strong == w) {
      ++strong;
      continue;
    }
    while (weak != p.weak_words.end() && *weak < w) ++weak;
    if (weak == p.weak_words.end() || *weak != w) return false;  // a pointer the type does not have
  }
  return strong == strong_end;
}

uint64_t Inferrer::Coverage(uint32_t object, uint64_t usable) const {
  const HeapType& t = heap_.type(object);
  if (!t.known() || t.type_size == 0) return 0;
  return t.kind == HeapType::Kind::kArrayOf ? usable / t.type_size * t.type_size : t.type_size;
}

// The heap type an inferred plan is recorded as: the runtime's own entry
// for the same descriptor or name when there is one.
uint32_t Inferrer::TypeIndexFor(uint32_t plan, const TypePlan& p, bool array) {
  size_t key = size_t{plan} * 2 + array;
  if (key >= type_of_plan_.size()) type_of_plan_.resize(key + 1, kNoType);
  if (type_of_plan_[key] != kNoType) return type_of_plan_[key];
  HeapType h;
  h.kind = array ? HeapType::Kind::kArrayOf : HeapType::Kind::kType;
  h.address = p.runtime_type;
  h.type_size = p.size;
  h.name = array && plan != plans_->StringData() ? "[]" + p.name : p.name;
  uint32_t index;
  if (auto d = by_descriptor_.find(std::tuple(p.runtime_type, array)); p.runtime_type && d != by_descriptor_.end()) {
    index = d->second;
  } else if (auto n = by_name_.find(std::tuple(h.name, array, h.type_size)); n != by_name_.end()) {
    index = n->second;
  } else {
    index = heap_.AddType(h);
    by_name_.emplace(std::tuple(h.name, array, h.type_size), index);
    type_plans_.push_back(kPlanUnresolved);
    generic_.push_back(p.generic);
  }
  if (type_plans_[index] == kPlanUnresolved) type_plans_[index] = plan;
  return type_of_plan_[key] = index;
}

uint32_t Inferrer::PlanOfType(uint32_t type_index) {
  uint32_t& plan = type_plans_[type_index];
  if (plan == kPlanUnresolved) {
    const HeapType& t = heap_.types()[type_index];
    plan = t.address ? plans_->ForRuntimeType(t.address) : TypePlans::kNone;
    // A descriptor whose DWARF type has another size is not that type.
    if (plan != TypePlans::kNone && plans_->Get(plan).size != t.type_size) plan = TypePlans::kNone;
  }
  return plan;
}

void Inferrer::ScanObject(uint32_t object, uint32_t plan) {
  if (plan == TypePlans::kNone) plan = PlanOfType(heap_.type_index(object));
  if (plan == TypePlans::kNone) return;
  const TypePlan& p = plans_->Get(plan);
  if (p.edges.empty() || p.size == 0) return;
  // Its span's facts (a line), rather than its HeapSpan (two).
  uint64_t addr = heap_.address(object);
  uint32_t span = heap_.SpanIndexAt(addr);
  if (span == Heap::kNoSpan) span = static_cast<uint32_t>(&heap_.span_of(object) - heap_.spans().data());
  const SpanFacts& s = span_facts_[span];
  uint64_t header = s.header, usable = s.elem_size - header;
  uint64_t n = heap_.type(object).kind == HeapType::Kind::kArrayOf ? usable / p.size : 1;
  auto bytes = mem_.View(addr + header, n * p.size);
  if (bytes.empty()) return;
  for (uint64_t i = 0; i < n; ++i) ScanValue(bytes.subspan(i * p.size, p.size), p);
}

void Inferrer::Drain() {
  while (!work_.empty() || batched_ || !rescans_.empty()) {
    if (work_.empty() && batched_) {
      Flush();
      continue;
    }
    if (work_.empty()) {
      auto [o, plan] = rescans_.back();
      rescans_.pop_back();
      ScanObject(o, plan);
      continue;
    }
    uint32_t o = work_.back();
    work_.pop_back();
    ScanObject(o);
  }
}

void Inferrer::CountTotals(HeapTotals& totals) const {
  totals.unknown_objects = totals.unknown_bytes = totals.inferred_objects = totals.inferred_bytes = 0;
  for (const HeapSpan& s : heap_.spans())
    for (uint32_t o = s.first_object; o < s.first_object + s.objects; ++o) {
      if (!heap_.type(o).known()) {
        totals.unknown_objects++;
        totals.unknown_bytes += s.elem_size;
      } else if (heap_.inferred(o)) {
        totals.inferred_objects++;
        totals.inferred_bytes += s.elem_size;
      }
    }
}

}  // namespace

void InferHeapTypes(const Target& target, HeapSnapshot& snap, const GoroutineSnapshot* goroutines) {
  if (!target.binary().dwarf()) return;
  Inferrer in(target, snap);
  in.FromGlobals();
  if (goroutines) in.FromStacks(*goroutines);
  in.FromSpecials();
  in.FromRuntimeTypes();
  in.FromInteriorPointers();
  in.CountTotals(snap.totals);
}

std::future<void> InferHeapTypesConcurrently(const Target& target, HeapSnapshot& snap,
                                             const GoroutineSnapshot* goroutines) {
  return std::async(std::launch::async, [&target, &snap, goroutines] { InferHeapTypes(target, snap, goroutines); });
}

}  // namespace gf
