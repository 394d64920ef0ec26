#include "gruntime/type_plans.h"

#include <algorithm>
#include <string_view>

#include "gruntime/target.h"
#include "readers/dwarf_types.h"

namespace gf {
namespace {

constexpr uint64_t kWord = 8;
// An array of pointerful values longer than this (in edges) is walked as a
// repeat of its element's plan rather than unrolled.
constexpr size_t kMaxUnrolledEdges = 256;

using K = DwarfGoType::Kind;
using E = PlanEdge::Kind;

// "K,V" of the linker's synthesized "hash<K,V>": split at the comma outside
// any brackets, parentheses or braces (Go type names have no other).
std::pair<std::string_view, std::string_view> SplitTypeArgs(std::string_view args) {
  int depth = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    char c = args[i];
    if (c == '[' || c == '(' || c == '{') depth++;
    else if (c == ']' || c == ')' || c == '}') depth--;
    else if (c == ',' && depth == 0) return {args.substr(0, i), args.substr(i + 1)};
  }
  return {args, {}};
}

// The linker names the runtime structures it synthesizes per map and
// channel type hash<K,V>, bucket<K,V> (Go <= 1.23), map<K,V>, table<K,V>
// (Go 1.24+) and hchan<T>; the runtime names its own map types
// map.bucket[K]V and map.group[K]V. Named here the runtime's way.
std::string RuntimeStyleName(std::string_view name) {
  for (std::string_view prefix : {"*", "[]"})
    if (name.starts_with(prefix)) return std::string(prefix) + RuntimeStyleName(name.substr(prefix.size()));
  if (name.starts_with("noalg.")) name.remove_prefix(6);
  struct Synthesized {
    std::string_view prefix, go_name;
  };
  static constexpr Synthesized kSynthesized[] = {
      {"hash<", "map.hdr"}, {"map<", "map.hdr"}, {"bucket<", "map.bucket"}, {"table<", "map.table"}};
  if (!name.ends_with('>')) return std::string(name);
  for (const auto& s : kSynthesized) {
    if (!name.starts_with(s.prefix)) continue;
    auto [k, v] = SplitTypeArgs(name.substr(s.prefix.size(), name.size() - s.prefix.size() - 1));
    return std::string(s.go_name) + "[" + std::string(k) + "]" + std::string(v);
  }
  if (name.starts_with("hchan<")) return "runtime.hchan[" + std::string(name.substr(6, name.size() - 7)) + "]";
  return std::string(name);
}

// The runtime's own map and channel structures, one layout for every key,
// element and value type.
bool IsGenericName(std::string_view name) {
  static constexpr std::string_view kGeneric[] = {"runtime.hchan", "runtime.hmap", "runtime.bmap",
                                                  "internal/runtime/maps.Map", "internal/runtime/maps.table"};
  return std::find(std::begin(kGeneric), std::end(kGeneric), name) != std::end(kGeneric);
}

void Shift(std::vector<PlanEdge>& out, const std::vector<PlanEdge>& edges, uint64_t by) {
  for (PlanEdge e : edges) {
    e.offset += static_cast<uint32_t>(by);
    if (e.kind == PlanEdge::Kind::kCounted || e.kind == PlanEdge::Kind::kMapDirectory)
      e.count_offset += static_cast<uint32_t>(by);
    out.push_back(e);
  }
}

}  // namespace

TypePlans::TypePlans(const Target& target, const DwarfTypes& dwarf, const GoTypes& types, uint64_t types_base,
                     uint64_t types_end)
    : target_(target), dwarf_(dwarf), types_(types), types_base_(types_base), types_end_(types_end) {}

uint32_t TypePlans::Add(Entry e) {
  entries_.push_back(std::move(e));
  return static_cast<uint32_t>(entries_.size() - 1);
}

uint32_t TypePlans::ForDie(uint64_t die) {
  if (die == 0) return kNone;
  auto [it, fresh] = by_die_.try_emplace(die, 0);
  if (fresh) {
    Entry e;
    e.die = die;
    it->second = Add(std::move(e));
  }
  return it->second;
}

uint32_t TypePlans::ForRuntimeType(uint64_t descriptor) {
  auto [it, fresh] = by_descriptor_.try_emplace(descriptor, kNone);
  if (!fresh) return it->second;
  std::optional<uint64_t> die;
  if (descriptor >= types_base_ && descriptor < types_end_) die = dwarf_.TypeOfRuntimeType(descriptor - types_base_);
  if (!die) die = dwarf_.TypeOfRuntimeType(descriptor - target_.load_bias());
  auto desc = types_.Read(descriptor);
  if (!die && desc) die = DieByName(*desc);
  if (die) return it->second = ForDie(*die);
  if (!desc || desc->name.empty()) return kNone;
  Entry e;
  e.compiled = true;
  e.plan.name = desc->name;
  e.plan.size = desc->size;
  e.plan.runtime_type = descriptor;
  e.plan.valid = true;
  e.plan.pointers = desc->ptr_bytes > 0;
  e.plan.pointer_shaped = desc->size == kWord && desc->ptr_bytes == kWord;
  return it->second = Add(std::move(e));
}

// A descriptor DWARF does not point back to (the linker leaves
// DW_AT_go_runtime_type unset on the map structures it synthesizes): the
// struct DWARF names the same, its way.
std::optional<uint64_t> TypePlans::DieByName(const GoTypeDescriptor& d) const {
  std::vector<std::string> names{d.name, "noalg." + d.name};
  constexpr std::string_view kBucket = "map.bucket[";
  if (std::string_view n = d.name; n.starts_with(kBucket)) {
    n.remove_prefix(kBucket.size());
    int depth = 1;
    for (size_t i = 0; i < n.size(); ++i) {
      depth += n[i] == '[' ? 1 : n[i] == ']' ? -1 : 0;
      if (depth == 0) {
        names.push_back("bucket<" + std::string(n.substr(0, i)) + "," + std::string(n.substr(i + 1)) + ">");
        break;
      }
    }
  }
  for (const auto& n : names)
    if (auto die = dwarf_.StructDie(n))
      if (const DwarfGoType* t = dwarf_.GoType(*die); t && t->size == d.size) return die;
  return std::nullopt;
}

uint32_t TypePlans::ForClosure(uint64_t pc) {
  auto [it, fresh] = by_function_.try_emplace(pc, kNone);
  if (!fresh) return it->second;
  auto f = target_.symbolizer().FindFunc(pc);
  if (!f || target_.symbolizer().RuntimeEntry(*f) != pc) return kNone;  // not a funcval's code pointer
  Entry e;
  e.compiled = true;
  e.plan.name = "closure for " + std::string(target_.symbolizer().FuncName(*f));
  e.plan.valid = true;
  e.plan.size = kWord;
  std::vector<DwarfClosureVariable> vars;
  if (auto die = dwarf_.FunctionAt(pc - target_.load_bias())) vars = dwarf_.ClosureVariables(*die);
  e.plan.pointers_known = !vars.empty();
  for (const auto& v : vars) {
    AddFieldEdges(v.type, v.offset, e.plan);
    const TypePlan& var = Get(ForDie(v.type));
    e.plan.size = std::max(e.plan.size, (v.offset + var.size + kWord - 1) / kWord * kWord);
  }
  if (e.plan.pointers_known) SetPointerWords(e.plan);
  return it->second = Add(std::move(e));
}

uint32_t TypePlans::StringData() {
  if (string_data_ != kNone) return string_data_;
  Entry e;
  e.compiled = true;
  e.plan.name = "string data";
  e.plan.size = 1;
  e.plan.valid = e.plan.pointer_words_known = true;
  return string_data_ = Add(std::move(e));
}

const TypePlan& TypePlans::Get(uint32_t id) {
  Entry& e = entries_[id];
  if (!e.compiled) {
    e.compiled = true;  // before compiling: torn DWARF may nest a type in itself
    Compile(e);
  }
  return e.plan;
}

void TypePlans::Compile(Entry& e) {
  const DwarfGoType* t = dwarf_.GoType(e.die);
  if (!t || t->kind == K::kOther) return;
  TypePlan p;
  p.valid = true;
  p.size = t->size;
  if (t->runtime_type) p.runtime_type = DescriptorAddress(t->runtime_type);
  p.name = NameOf(*t, p.runtime_type);
  p.generic = IsGeneric(e.die);
  CompileType(*t, e.context, p);
  SetPointerWords(p);
  e.plan = std::move(p);
}

// A generic structure, or a pointer or array of pointers to one (a swiss
// map's table directory).
bool TypePlans::IsGeneric(uint64_t die) const {
  for (int depth = 0; depth < 3 && die; ++depth) {
    const DwarfGoType* t = dwarf_.GoType(die);
    if (!t) return false;
    if (IsGenericName(t->name)) return true;
    die = t->kind == K::kPointer || t->kind == K::kArray ? t->elem : 0;
  }
  return false;
}

uint64_t TypePlans::DescriptorAddress(uint64_t dwarf_value) const {
  if (dwarf_value < types_end_ - types_base_) return types_base_ + dwarf_value;
  return dwarf_value + target_.load_bias();
}

std::string TypePlans::NameOf(const DwarfGoType& t, uint64_t descriptor) const {
  if (descriptor)
    if (auto d = types_.Read(descriptor); d && !d->name.empty()) return d->name;
  return RuntimeStyleName(t.name);
}

void TypePlans::CompileType(const DwarfGoType& t, uint64_t context, TypePlan& p) {
  auto edge = [&](E kind, uint32_t target = 0) {
    p.edges.push_back({kind, PlanEdge::CountRule::kWord, false, 0, 0, target});
    p.pointers = true;
  };
  switch (t.kind) {
    case K::kPointer:
      edge(E::kPointer, ForDie(t.elem));
      p.edges.back().weak = MayBeOutsideHeap(t.elem);
      p.pointer_shaped = true;
      break;
    case K::kUnsafePointer: edge(E::kOpaque); p.pointer_shaped = true; break;
    case K::kString: edge(E::kString); break;
    case K::kSlice: edge(E::kSlice, ForDie(t.elem)); break;
    case K::kInterface: edge(E::kInterface); break;
    case K::kEmptyInterface: edge(E::kEmptyInterface); break;
    case K::kFunc: edge(E::kFunc); p.pointer_shaped = true; break;
    case K::kMap:
    case K::kChan: {
      // A map or channel value is a pointer to its runtime header; a
      // channel header's buffer takes its element type from here.
      uint32_t header = ForDie(t.header);
      if (header != kNone && t.kind == K::kChan) entries_[header].context = t.elem;
      edge(header != kNone ? E::kPointer : E::kOpaque, header);
      p.pointer_shaped = true;
      break;
    }
    case K::kArray: {
      const TypePlan& elem = Get(ForDie(t.elem));
      if (p.size == 0) p.size = t.count * elem.size;
      p.pointers = t.count > 0 && elem.pointers;
      p.pointer_shaped = t.count == 1 && elem.pointer_shaped;
      if (elem.edges.empty() || t.count == 0 || elem.size == 0) break;
      if (t.count * elem.edges.size() <= kMaxUnrolledEdges) {
        for (uint64_t i = 0; i < t.count; ++i) Shift(p.edges, elem.edges, i * elem.size);
      } else {
        PlanEdge a{E::kArray, PlanEdge::CountRule::kWord, false, 0, 0, ForDie(t.elem)};
        a.repeat = t.count;
        a.stride = elem.size;
        p.edges.push_back(a);
      }
      break;
    }
    case K::kStruct: {
      // A channel's header is noscan when its elements are: its pointers
      // are then to memory the collector need not see.
      if (t.name.starts_with("hchan<") || t.name == "runtime.hchan") p.pointers_known = false;
      if (t.name == "sync.eface") {  // sync.Pool's {typ, val unsafe.Pointer}: an interface{}
        edge(E::kEmptyInterface);
        edge(E::kOpaque);  // the collector marks its type word too
        break;
      }
      uint64_t shaped = 0, nonempty = 0;
      for (const auto& f : t.fields) {
        if (!AddSpecialEdge(t, f, context, p)) AddFieldEdges(f.type, f.offset, p);
        const TypePlan& fp = Get(ForDie(f.type));
        if (fp.size > 0) nonempty++;
        if (fp.pointer_shaped) shaped++;
      }
      p.pointer_shaped = p.size == kWord && nonempty == 1 && shaped == 1;
      break;
    }
    default:
      break;
  }
}

// The pointer words the edges make, as the collector's pointer map marks
// them: an interface's data word (its type or itab word never points into
// the heap), every other edge's own word.
void TypePlans::SetPointerWords(TypePlan& p) {
  auto add = [&](std::vector<uint32_t>& w, uint64_t off) {
    if (off < kPointerWordsWindow) w.push_back(static_cast<uint32_t>(off));
  };
  p.pointer_words_known = p.pointers_known;
  if (!p.pointers_known) return;
  for (const PlanEdge& e : p.edges) {
    if (e.kind == E::kArray) {
      const TypePlan& elem = Get(e.target);
      p.pointer_words_known = p.pointer_words_known && elem.pointer_words_known;
      for (uint64_t i = 0; i < e.repeat && e.offset + i * e.stride < kPointerWordsWindow; ++i) {
        for (uint32_t x : elem.pointer_words) add(p.pointer_words, e.offset + i * e.stride + x);
        for (uint32_t x : elem.weak_words) add(p.weak_words, e.offset + i * e.stride + x);
      }
      continue;
    }
    bool iface = e.kind == E::kInterface || e.kind == E::kEmptyInterface;
    add(e.weak ? p.weak_words : p.pointer_words, e.offset + (iface ? kWord : 0));
  }
  for (auto* w : {&p.pointer_words, &p.weak_words}) {
    std::sort(w->begin(), w->end());
    w->erase(std::unique(w->begin(), w->end()), w->end());
  }
}

// The runtime's own types, and any embedding sys.NotInHeap: a pointer to
// one is left out of pointer maps when the type is not in the heap.
bool TypePlans::MayBeOutsideHeap(uint64_t pointee_die) const {
  const DwarfGoType* t = dwarf_.GoType(pointee_die);
  if (!t) return false;
  if (t->name.starts_with("runtime.") || t->name.starts_with("internal/runtime/")) return true;
  for (const auto& f : t->fields)
    if (const DwarfGoType* ft = dwarf_.GoType(f.type); ft && ft->name.ends_with("sys.NotInHeap")) return true;
  return false;
}

void TypePlans::AddFieldEdges(uint64_t type_die, uint64_t offset, TypePlan& p) {
  uint32_t id = ForDie(type_die);
  if (id == kNone) return;
  const TypePlan& f = Get(id);
  Shift(p.edges, f.edges, offset);
  p.pointers = p.pointers || f.pointers;
  p.pointers_known = p.pointers_known && f.pointers_known;
}

// Fields whose pointees DWARF types wrongly or not at all: in the
// runtime's per-type map and channel structures, arrays counted elsewhere
// in the structure; the unsafe.Pointers of sync.Pool (its per-P arrays),
// of atomic.Pointer[T] (a *T) and of the runtime's maybeTraceableChan (an
// hchan); a HashTrieMap's (sync.Map's, Go 1.24+) pointers to the node both
// its entries and its inner nodes start with.
bool TypePlans::AddSpecialEdge(const DwarfGoType& t, const DwarfField& f, uint64_t context, TypePlan& p) {
  auto pointee = [&](uint64_t type) -> uint64_t {
    const DwarfGoType* pt = dwarf_.GoType(type);
    return pt && pt->kind == K::kPointer ? pt->elem : 0;
  };
  auto counted = [&](uint64_t offset, const DwarfField* count, PlanEdge::CountRule rule, uint64_t element) {
    if (!count || element == 0) return false;
    p.edges.push_back({E::kCounted, rule, false, static_cast<uint32_t>(offset), static_cast<uint32_t>(count->offset),
                       ForDie(element)});
    p.pointers = true;
    return true;
  };
  std::string_view name = t.name;
  if (name.starts_with("bucket<") && f.name == "overflow") {
    // The runtime's bucket type has a uintptr here when neither keys nor
    // values hold pointers (its buckets are then noscan); DWARF's a pointer.
    const DwarfField* keys = t.Field("keys");
    const DwarfField* values = t.Field("values");
    if (!keys || !values || Get(ForDie(keys->type)).pointers || Get(ForDie(values->type)).pointers) return false;
    p.edges.push_back({E::kPointer, PlanEdge::CountRule::kWord, true, static_cast<uint32_t>(f.offset), 0,
                       ForDie(pointee(f.type))});
    return true;
  }
  if (name == "sync.Pool" && (f.name == "local" || f.name == "victim"))
    return counted(f.offset, t.Field(f.name + "Size"), PlanEdge::CountRule::kWord,
                   dwarf_.StructDie("sync.poolLocal").value_or(0));
  auto pointer = [&](E kind, uint64_t target, uint64_t target2 = 0) {
    if (!target) return false;
    PlanEdge e{kind, PlanEdge::CountRule::kWord, false, static_cast<uint32_t>(f.offset), 0, ForDie(target)};
    if (target2) e.target2 = ForDie(target2);
    p.edges.push_back(e);
    p.pointers = true;
    return true;
  };
  if (name.starts_with("sync/atomic.Pointer[") && f.name == "v") {
    const DwarfGoType* marker = t.fields.empty() ? nullptr : dwarf_.GoType(t.fields[0].type);  // _ [0]*T
    uint64_t elem = marker && marker->kind == K::kArray ? pointee(marker->elem) : 0;
    const DwarfGoType* et = dwarf_.GoType(elem);
    // The trie is internal/sync's since Go 1.24, internal/concurrent's in Go 1.23.
    for (std::string_view pkg : {"internal/sync.", "internal/concurrent."}) {
      std::string node = std::string(pkg) + "node[";
      if (!et || !et->name.starts_with(node)) continue;
      std::string args = et->name.substr(node.size());
      auto entry = dwarf_.StructDie(std::string(pkg) + "entry[" + args);
      auto inner = dwarf_.StructDie(std::string(pkg) + "indirect[" + args);
      if (entry && inner) return pointer(E::kTrieNode, *entry, *inner);
    }
    return pointer(E::kPointer, elem);
  }
  if (name == "runtime.maybeTraceableChan" && f.name == "maybeTraceablePtr")  // {vp unsafe.Pointer; vu uintptr}
    return pointer(E::kPointer, dwarf_.StructDie("runtime.hchan").value_or(0));
  if (name.starts_with("hash<") && (f.name == "buckets" || f.name == "oldbuckets")) {
    auto rule = f.name == "buckets" ? PlanEdge::CountRule::kShiftByte : PlanEdge::CountRule::kHalfShiftByte;
    return counted(f.offset, t.Field("B"), rule, pointee(f.type));
  }
  if (name.starts_with("hchan<") && f.name == "buf") return counted(f.offset, t.Field("dataqsiz"), PlanEdge::CountRule::kWord, context);
  if (name.starts_with("table<") && f.name == "groups") {
    const DwarfGoType* ref = dwarf_.GoType(f.type);
    const DwarfField* data = ref ? ref->Field("data") : nullptr;
    const DwarfField* mask = ref ? ref->Field("lengthMask") : nullptr;
    if (!data || !mask) return false;
    DwarfField count{"", f.offset + mask->offset, 0};
    return counted(f.offset + data->offset, &count, PlanEdge::CountRule::kWordPlusOne, pointee(data->type));
  }
  if (name.starts_with("map<") && f.name == "dirPtr") {
    const DwarfField* len = t.Field("dirLen");
    uint64_t table_ptr = pointee(f.type);
    auto group = GroupOfTable(pointee(table_ptr));
    if (!len || !table_ptr || !group) return false;
    PlanEdge d{E::kMapDirectory, PlanEdge::CountRule::kWord, false, static_cast<uint32_t>(f.offset),
               static_cast<uint32_t>(len->offset), ForDie(table_ptr)};
    d.target2 = ForDie(*group);
    p.edges.push_back(d);
    p.pointers = true;
    return true;
  }
  return false;
}

// A swiss map's group type, through its table: table.groups.data.
std::optional<uint64_t> TypePlans::GroupOfTable(uint64_t table_die) const {
  const DwarfGoType* table = dwarf_.GoType(table_die);
  const DwarfField* groups = table ? table->Field("groups") : nullptr;
  const DwarfGoType* ref = groups ? dwarf_.GoType(groups->type) : nullptr;
  const DwarfField* data = ref ? ref->Field("data") : nullptr;
  const DwarfGoType* ptr = data ? dwarf_.GoType(data->type) : nullptr;
  if (!ptr || ptr->kind != K::kPointer) return std::nullopt;
  return ptr->elem;
}

}  // namespace gf
