#include "readers/dwarf_types.h"

#include <dwarf.h>
#include <libdwarf.h>

#include <algorithm>

#include "readers/elf_image.h"
#include "readers/read_error.h"

namespace gf {
namespace {

// Go's own DWARF attributes (cmd/internal/dwarf).
constexpr Dwarf_Half kAttrGoKind = 0x2900;
constexpr Dwarf_Half kAttrGoKey = 0x2901;
constexpr Dwarf_Half kAttrGoElem = 0x2902;
constexpr Dwarf_Half kAttrGoRuntimeType = 0x2904;
constexpr Dwarf_Half kAttrGoClosureOffset = 0x2907;
// reflect.Kind values DW_AT_go_kind holds.
enum GoKind : int64_t {
  kGoBool = 1, kGoInt = 2, kGoInt64 = 6, kGoUint = 7, kGoUintptr = 12, kGoFloat32 = 13, kGoFloat64 = 14,
  kGoComplex64 = 15, kGoComplex128 = 16, kGoChan = 18, kGoInterface = 20, kGoMap = 21, kGoSlice = 23,
  kGoString = 24,
};
// Typedefs naming typedefs: deeper than this is a cycle in torn DWARF.
constexpr int kMaxTypedefDepth = 16;

// Owns one DIE for the scope of a read.
class Die {
 public:
  Die() = default;
  explicit Die(Dwarf_Die d) : die_(d) {}
  ~Die() { if (die_) dwarf_dealloc_die(die_); }
  Die(Die&& o) noexcept : die_(o.die_) { o.die_ = nullptr; }
  Die& operator=(Die&& o) noexcept { std::swap(die_, o.die_); return *this; }
  Dwarf_Die get() const { return die_; }
  explicit operator bool() const { return die_ != nullptr; }

 private:
  Dwarf_Die die_ = nullptr;
};

Die Child(Dwarf_Die d) {
  Dwarf_Die c = nullptr;
  return Die(dwarf_child(d, &c, nullptr) == DW_DLV_OK ? c : nullptr);
}

Die Sibling(Dwarf_Debug dbg, Dwarf_Die d) {
  Dwarf_Die s = nullptr;
  return Die(dwarf_siblingof_b(dbg, d, true, &s, nullptr) == DW_DLV_OK ? s : nullptr);
}

Dwarf_Half Tag(Dwarf_Die d) {
  Dwarf_Half t = 0;
  dwarf_tag(d, &t, nullptr);
  return t;
}

std::string Name(Dwarf_Die d) {
  char* n = nullptr;
  return dwarf_diename(d, &n, nullptr) == DW_DLV_OK && n ? std::string(n) : std::string();
}

std::optional<Dwarf_Attribute> Attr(Dwarf_Die d, Dwarf_Half name) {
  Dwarf_Attribute a = nullptr;
  if (dwarf_attr(d, name, &a, nullptr) != DW_DLV_OK) return std::nullopt;
  return a;
}

// Attribute `name` of d read by read(attr) -> std::optional<T>; the
// attribute is freed after.
template <typename T, typename Read>
std::optional<T> ReadAttr(Dwarf_Die d, Dwarf_Half name, Read read) {
  auto a = Attr(d, name);
  if (!a) return std::nullopt;
  std::optional<T> v = read(*a);
  dwarf_dealloc_attribute(*a);
  return v;
}

std::optional<int64_t> SignedAttr(Dwarf_Die d, Dwarf_Half name) {
  return ReadAttr<int64_t>(d, name, [](Dwarf_Attribute a) -> std::optional<int64_t> {
    Dwarf_Signed s = 0;
    Dwarf_Unsigned u = 0;
    if (dwarf_formsdata(a, &s, nullptr) == DW_DLV_OK) return s;
    if (dwarf_formudata(a, &u, nullptr) == DW_DLV_OK) return static_cast<int64_t>(u);
    return std::nullopt;
  });
}

// A global's address: a location expression that is exactly DW_OP_addr.
std::optional<uint64_t> AddressAttr(Dwarf_Die d) {
  return ReadAttr<uint64_t>(d, DW_AT_location, [](Dwarf_Attribute a) -> std::optional<uint64_t> {
    Dwarf_Block* b = nullptr;
    if (dwarf_formblock(a, &b, nullptr) != DW_DLV_OK) return std::nullopt;
    auto* p = static_cast<const uint8_t*>(b->bl_data);
    if (b->bl_len != 9 || p[0] != DW_OP_addr) return std::nullopt;
    uint64_t addr = 0;
    for (int i = 0; i < 8; ++i) addr |= uint64_t{p[1 + i]} << (8 * i);
    return addr;
  });
}

std::optional<uint64_t> RefAttr(Dwarf_Die d, Dwarf_Half name) {
  return ReadAttr<uint64_t>(d, name, [](Dwarf_Attribute a) -> std::optional<uint64_t> {
    Dwarf_Off off = 0;
    if (dwarf_global_formref(a, &off, nullptr) == DW_DLV_OK) return off;
    return std::nullopt;
  });
}

// DW_AT_go_runtime_type: DW_FORM_addr, though it holds an offset.
std::optional<uint64_t> AddrFormAttr(Dwarf_Die d, Dwarf_Half name) {
  return ReadAttr<uint64_t>(d, name, [](Dwarf_Attribute a) -> std::optional<uint64_t> {
    Dwarf_Addr addr = 0;
    Dwarf_Unsigned u = 0;
    if (dwarf_formaddr(a, &addr, nullptr) == DW_DLV_OK) return addr;
    if (dwarf_formudata(a, &u, nullptr) == DW_DLV_OK) return u;
    return std::nullopt;
  });
}

uint64_t Offset(Dwarf_Die d) {
  Dwarf_Off off = 0;
  dwarf_dieoffset(d, &off, nullptr);
  return off;
}

Die OffDie(Dwarf_Debug dbg, uint64_t off) {
  Dwarf_Die d = nullptr;
  return Die(off != 0 && dwarf_offdie_b(dbg, off, true, &d, nullptr) == DW_DLV_OK ? d : nullptr);
}

// The DIE a concrete instance (an inlined or out-of-line copy of a
// function or variable) takes its name, type and attributes from; empty
// when d is not one.
Die Origin(Dwarf_Debug dbg, Dwarf_Die d) {
  auto origin = RefAttr(d, DW_AT_abstract_origin);
  return origin ? OffDie(dbg, *origin) : Die();
}

// Without a handler libdwarf aborts the process on any error; with one, the
// failing call returns DW_DLV_ERROR and the caller decides.
void IgnoreDwarfError(Dwarf_Error, Dwarf_Ptr) {}

// An error libdwarf handed back is the caller's to free (one from a failed
// init belongs to no Dwarf_Debug, so dwarf_finish would not free it).
std::string TakeErrorMessage(Dwarf_Debug dbg, Dwarf_Error err) {
  if (!err) return "unknown error";
  std::string msg = dwarf_errmsg(err);
  dwarf_dealloc_error(dbg, err);
  return msg;
}

}  // namespace

const DwarfMember* DwarfStruct::Member(std::string_view n) const {
  for (const auto& m : members)
    if (m.name == n) return &m;
  return nullptr;
}

std::unique_ptr<DwarfTypes> DwarfTypes::Load(const ElfImage& image) {
  if (!image.FindSection(".debug_info") && !image.FindSection(".zdebug_info")) return nullptr;
  Dwarf_Debug dbg = nullptr;
  Dwarf_Error err = nullptr;
  int rc = dwarf_elf_init_b(image.elf(), DW_DLC_READ, DW_GROUPNUMBER_ANY, IgnoreDwarfError, nullptr, &dbg, &err);
  if (rc == DW_DLV_NO_ENTRY) return nullptr;
  if (rc != DW_DLV_OK) throw ReadError(image.path(), "unreadable DWARF: " + TakeErrorMessage(nullptr, err));
  std::unique_ptr<DwarfTypes> t(new DwarfTypes(dbg, image.path()));
  t->Index();
  return t;
}

DwarfTypes::DwarfTypes(Dwarf_Debug dbg, std::string source) : dbg_(dbg), source_(std::move(source)) {}

DwarfTypes::~DwarfTypes() { dwarf_finish(dbg_, nullptr); }

// One pass over the top-level DIEs of every unit: Go puts its types,
// constants and globals there.
void DwarfTypes::Index() {
  Dwarf_Unsigned next = 0;
  Dwarf_Half cu_type = 0;
  Dwarf_Error err = nullptr;
  for (;;) {
    int rc = dwarf_next_cu_header_d(dbg_, true, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                    nullptr, &next, &cu_type, &err);
    if (rc == DW_DLV_NO_ENTRY) break;
    if (rc != DW_DLV_OK) throw ReadError(source_, "corrupt DWARF unit header: " + TakeErrorMessage(dbg_, err));
    Dwarf_Die cu = nullptr;
    if (dwarf_siblingof_b(dbg_, nullptr, true, &cu, nullptr) != DW_DLV_OK)
      throw ReadError(source_, "corrupt DWARF unit: no unit DIE");
    Die unit(cu);
    IndexUnit(unit.get());
  }
}

void DwarfTypes::IndexUnit(void* cu_die) {
  for (Die d = Child(static_cast<Dwarf_Die>(cu_die)); d; d = Sibling(dbg_, d.get())) {
    Dwarf_Half tag = Tag(d.get());
    if (tag != DW_TAG_structure_type && tag != DW_TAG_constant && tag != DW_TAG_variable) continue;
    std::string name = Name(d.get());
    if (name.empty()) continue;
    if (tag == DW_TAG_structure_type) {
      Dwarf_Off off = 0;
      dwarf_dieoffset(d.get(), &off, nullptr);
      struct_dies_.emplace(std::move(name), off);
    } else if (tag == DW_TAG_constant) {
      if (auto v = SignedAttr(d.get(), DW_AT_const_value)) constants_.emplace(std::move(name), *v);
    } else if (auto a = AddressAttr(d.get())) {
      variables_.emplace(std::move(name), Variable{*a, RefAttr(d.get(), DW_AT_type).value_or(0)});
    }
  }
}

std::optional<uint64_t> DwarfTypes::TypeSize(uint64_t type_die) const {
  Dwarf_Die t = nullptr;
  if (type_die == 0 || dwarf_offdie_b(dbg_, type_die, true, &t, nullptr) != DW_DLV_OK) return std::nullopt;
  Die type(t);
  Dwarf_Unsigned size = 0;
  if (dwarf_bytesize(type.get(), &size, nullptr) != DW_DLV_OK) return std::nullopt;
  return size;
}

DwarfStruct DwarfTypes::ReadStruct(uint64_t die_offset, const std::string& name) const {
  DwarfStruct s;
  s.name = name;
  Dwarf_Die raw = nullptr;
  if (dwarf_offdie_b(dbg_, die_offset, true, &raw, nullptr) != DW_DLV_OK)
    throw ReadError(source_, "corrupt DWARF: cannot reread type " + name);
  Die die(raw);
  Dwarf_Unsigned size = 0;
  if (dwarf_bytesize(die.get(), &size, nullptr) == DW_DLV_OK) s.size = size;
  for (Die m = Child(die.get()); m; m = Sibling(dbg_, m.get())) {
    if (Tag(m.get()) != DW_TAG_member) continue;
    auto off = SignedAttr(m.get(), DW_AT_data_member_location);
    if (!off) continue;
    auto type = RefAttr(m.get(), DW_AT_type);
    s.members.push_back({Name(m.get()), static_cast<uint64_t>(*off), type ? TypeSize(*type).value_or(0) : 0});
  }
  return s;
}

std::optional<int64_t> DwarfTypes::Constant(std::string_view name) const {
  auto it = constants_.find(std::string(name));
  if (it == constants_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint64_t> DwarfTypes::VariableAddress(std::string_view name) const {
  auto it = variables_.find(std::string(name));
  if (it == variables_.end()) return std::nullopt;
  return it->second.address;
}

std::optional<uint64_t> DwarfTypes::VariableSize(std::string_view name) const {
  auto it = variables_.find(std::string(name));
  if (it == variables_.end()) return std::nullopt;
  return TypeSize(it->second.type_die);
}

std::optional<uint64_t> DwarfTypes::StructDie(std::string_view name) const {
  auto it = struct_dies_.find(std::string(name));
  if (it == struct_dies_.end()) return std::nullopt;
  return it->second;
}

const DwarfStruct* DwarfTypes::Struct(std::string_view name) const {
  std::string key(name);
  if (auto it = structs_.find(key); it != structs_.end()) return it->second.get();
  auto die = struct_dies_.find(key);
  if (die == struct_dies_.end()) return nullptr;
  auto s = std::make_unique<DwarfStruct>(ReadStruct(die->second, key));
  return structs_.emplace(key, std::move(s)).first->second.get();
}

void DwarfTypes::ForEachVariable(const std::function<void(const std::string&, uint64_t, uint64_t)>& each) const {
  for (const auto& [name, v] : variables_) each(name, v.address, v.type_die);
}

const DwarfField* DwarfGoType::Field(std::string_view n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

const DwarfGoType* DwarfTypes::GoType(uint64_t die) const { return GoType(die, 0); }

const DwarfGoType* DwarfTypes::GoType(uint64_t die, int depth) const {
  if (auto it = go_types_.find(die); it != go_types_.end()) return it->second.get();
  auto t = ReadGoType(die, depth);
  return go_types_.emplace(die, std::move(t)).first->second.get();
}

std::unique_ptr<DwarfGoType> DwarfTypes::ReadGoType(uint64_t die_offset, int depth) const {
  Die die = OffDie(dbg_, die_offset);
  if (!die) return nullptr;
  auto t = std::make_unique<DwarfGoType>();
  Dwarf_Die d = die.get();
  t->name = Name(d);
  Dwarf_Unsigned size = 0;
  if (dwarf_bytesize(d, &size, nullptr) == DW_DLV_OK) t->size = size;
  t->runtime_type = AddrFormAttr(d, kAttrGoRuntimeType).value_or(0);
  int64_t kind = SignedAttr(d, kAttrGoKind).value_or(0);
  using K = DwarfGoType::Kind;
  switch (Tag(d)) {
    case DW_TAG_typedef:
      ReadTypedef(d, *t, depth);
      break;
    case DW_TAG_base_type:
      if (kind == kGoBool) t->kind = K::kBool;
      else if (kind >= kGoInt && kind <= kGoInt64) t->kind = K::kInt;
      else if (kind >= kGoUint && kind <= kGoUintptr) t->kind = K::kUint;
      else if (kind == kGoFloat32 || kind == kGoFloat64) t->kind = K::kFloat;
      else if (kind == kGoComplex64 || kind == kGoComplex128) t->kind = K::kComplex;
      break;
    case DW_TAG_pointer_type:
      t->elem = RefAttr(d, DW_AT_type).value_or(0);
      t->kind = t->elem ? K::kPointer : K::kUnsafePointer;
      t->size = 8;
      break;
    case DW_TAG_subroutine_type:
      t->kind = K::kFunc;
      t->size = 8;
      break;
    case DW_TAG_structure_type:
      ReadStructType(d, *t);
      if (kind == kGoString) t->kind = K::kString;
      else if (kind == kGoSlice) t->kind = K::kSlice;
      else if (t->name == "runtime.iface") t->kind = K::kInterface;
      else if (t->name == "runtime.eface") t->kind = K::kEmptyInterface;
      else t->kind = K::kStruct;
      if (t->kind == K::kSlice) t->elem = RefAttr(d, kAttrGoElem).value_or(0);
      if (t->kind == K::kString && !t->fields.empty()) {
        const DwarfGoType* data = GoType(t->fields[0].type, depth + 1);
        t->elem = data ? data->elem : 0;
      }
      break;
    case DW_TAG_array_type:
      ReadArrayType(d, *t);
      break;
    default:
      break;
  }
  return t;
}

// A typedef names a type: Go's named types, and the types whose values are
// pointers to a runtime header (maps, channels) or runtime.iface/eface
// (interfaces). It carries the Go attributes; its target the layout.
void DwarfTypes::ReadTypedef(void* die, DwarfGoType& t, int depth) const {
  Dwarf_Die d = static_cast<Dwarf_Die>(die);
  int64_t kind = SignedAttr(d, kAttrGoKind).value_or(0);
  uint64_t target = RefAttr(d, DW_AT_type).value_or(0);
  const DwarfGoType* base = depth < kMaxTypedefDepth ? GoType(target, depth + 1) : nullptr;
  if (!base) return;
  std::string name = std::move(t.name);
  uint64_t runtime_type = t.runtime_type;
  if (kind == kGoMap || kind == kGoChan) {
    t.kind = kind == kGoMap ? DwarfGoType::Kind::kMap : DwarfGoType::Kind::kChan;
    t.size = 8;
    t.header = base->kind == DwarfGoType::Kind::kPointer ? base->elem : 0;
    t.elem = RefAttr(d, kAttrGoElem).value_or(0);
    t.key = RefAttr(d, kAttrGoKey).value_or(0);
  } else {
    t = *base;
  }
  t.name = std::move(name);
  if (runtime_type) t.runtime_type = runtime_type;
}

void DwarfTypes::ReadStructType(void* die, DwarfGoType& t) const {
  for (Die m = Child(static_cast<Dwarf_Die>(die)); m; m = Sibling(dbg_, m.get())) {
    if (Tag(m.get()) != DW_TAG_member) continue;
    auto off = SignedAttr(m.get(), DW_AT_data_member_location);
    auto type = RefAttr(m.get(), DW_AT_type);
    if (off && type) t.fields.push_back({Name(m.get()), static_cast<uint64_t>(*off), *type});
  }
}

void DwarfTypes::ReadArrayType(void* die, DwarfGoType& t) const {
  Dwarf_Die d = static_cast<Dwarf_Die>(die);
  t.kind = DwarfGoType::Kind::kArray;
  t.elem = RefAttr(d, DW_AT_type).value_or(0);
  for (Die r = Child(d); r; r = Sibling(dbg_, r.get())) {
    if (Tag(r.get()) != DW_TAG_subrange_type) continue;
    if (auto n = SignedAttr(r.get(), DW_AT_count)) t.count = static_cast<uint64_t>(std::max<int64_t>(*n, 0));
    else if (auto ub = SignedAttr(r.get(), DW_AT_upper_bound)) t.count = static_cast<uint64_t>(std::max<int64_t>(*ub + 1, 0));
    break;
  }
}

// A pass over the top-level DIEs of every unit for what only some analyses
// need: the types that name a runtime type descriptor, and the functions by
// entry address.
void DwarfTypes::IndexCode() const {
  if (code_indexed_) return;
  code_indexed_ = true;
  Dwarf_Unsigned next = 0;
  Dwarf_Half cu_type = 0;
  for (;;) {
    int rc = dwarf_next_cu_header_d(dbg_, true, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                    nullptr, &next, &cu_type, nullptr);
    if (rc != DW_DLV_OK) break;
    Dwarf_Die cu = nullptr;
    if (dwarf_siblingof_b(dbg_, nullptr, true, &cu, nullptr) != DW_DLV_OK) break;
    Die unit(cu);
    IndexCodeUnit(unit.get());
  }
}

void DwarfTypes::IndexCodeUnit(void* cu_die) const {
  for (Die d = Child(static_cast<Dwarf_Die>(cu_die)); d; d = Sibling(dbg_, d.get())) {
    Dwarf_Half tag = Tag(d.get());
    if (tag == DW_TAG_subprogram) {
      Dwarf_Addr low = 0;
      if (dwarf_lowpc(d.get(), &low, nullptr) == DW_DLV_OK) functions_.emplace(low, Offset(d.get()));
    } else if (tag != DW_TAG_variable && tag != DW_TAG_constant) {
      auto rt = AddrFormAttr(d.get(), kAttrGoRuntimeType);
      if (rt && *rt) runtime_types_.emplace(*rt, Offset(d.get()));
    }
  }
}

std::optional<uint64_t> DwarfTypes::TypeOfRuntimeType(uint64_t value) const {
  IndexCode();
  auto it = runtime_types_.find(value);
  if (it == runtime_types_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint64_t> DwarfTypes::FunctionAt(uint64_t low_pc) const {
  IndexCode();
  auto it = functions_.find(low_pc);
  if (it == functions_.end()) return std::nullopt;
  return it->second;
}

std::string DwarfTypes::FunctionName(uint64_t function) const {
  Die d = OffDie(dbg_, function);
  if (!d) return "";
  std::string name = Name(d.get());
  if (name.empty())
    if (Die o = Origin(dbg_, d.get())) name = Name(o.get());
  return name;
}

std::vector<DwarfClosureVariable> DwarfTypes::ClosureVariables(uint64_t function) const {
  std::vector<DwarfClosureVariable> out;
  Die f = OffDie(dbg_, function);
  if (!f) return out;
  for (Die v = Child(f.get()); v; v = Sibling(dbg_, v.get())) {
    if (Tag(v.get()) != DW_TAG_variable) continue;
    Die origin = Origin(dbg_, v.get());
    Dwarf_Die attrs = origin ? origin.get() : v.get();
    auto offset = SignedAttr(attrs, kAttrGoClosureOffset);
    auto type = RefAttr(attrs, DW_AT_type);
    if (offset && type && *offset >= 0) out.push_back({static_cast<uint64_t>(*offset), *type});
  }
  return out;
}

namespace {

// Whether the function's frame base is the CFA, as Go writes it.
bool FrameBaseIsCfa(Dwarf_Die d) {
  auto cfa = ReadAttr<bool>(d, DW_AT_frame_base, [](Dwarf_Attribute a) -> std::optional<bool> {
    Dwarf_Block* b = nullptr;
    return dwarf_formblock(a, &b, nullptr) == DW_DLV_OK && b->bl_len == 1 &&
           static_cast<const uint8_t*>(b->bl_data)[0] == DW_OP_call_frame_cfa;
  });
  return cfa.value_or(false);
}

// One location description: the stack address of each piece, relative to
// the CFA, where it is one (DW_OP_call_frame_cfa, DW_OP_fbreg, constant
// offsets); a register or anything else leaves the piece without one.
std::vector<DwarfPiece> EvaluateLocation(Dwarf_Locdesc_c desc, Dwarf_Unsigned ops) {
  std::vector<DwarfPiece> pieces;
  std::optional<int64_t> loc;
  uint64_t offset = 0;
  for (Dwarf_Unsigned i = 0; i < ops; ++i) {
    Dwarf_Small op = 0;
    Dwarf_Unsigned a = 0, b = 0, c = 0, branch = 0;
    if (dwarf_get_location_op_value_c(desc, i, &op, &a, &b, &c, &branch, nullptr) != DW_DLV_OK) return {};
    switch (op) {
      case DW_OP_call_frame_cfa: loc = 0; break;
      case DW_OP_fbreg: loc = static_cast<int64_t>(a); break;
      case DW_OP_plus_uconst: if (loc) *loc += static_cast<int64_t>(a); break;
      case DW_OP_piece:
        pieces.push_back({offset, a, loc});
        offset += a;
        loc.reset();
        break;
      default: loc.reset(); break;
    }
  }
  if (pieces.empty() && loc) pieces.push_back({0, 0, loc});
  return pieces;
}

// The location at pc a location attribute gives: its list's entry covering
// pc, or its single location expression.
std::vector<DwarfPiece> LocationAt(Dwarf_Attribute a, uint64_t pc) {
  Dwarf_Loc_Head_c head = nullptr;
  Dwarf_Unsigned count = 0;
  std::vector<DwarfPiece> out;
  if (dwarf_get_loclist_c(a, &head, &count, nullptr) != DW_DLV_OK) return out;
  for (Dwarf_Unsigned i = 0; i < count; ++i) {
    Dwarf_Small lle = 0, source = 0;
    Dwarf_Unsigned raw_lo = 0, raw_hi = 0, ops = 0, expr_off = 0, desc_off = 0;
    Dwarf_Bool no_addr = false;
    Dwarf_Addr lo = 0, hi = 0;
    Dwarf_Locdesc_c desc = nullptr;
    if (dwarf_get_locdesc_entry_d(head, i, &lle, &raw_lo, &raw_hi, &no_addr, &lo, &hi, &ops, &desc, &source,
                                  &expr_off, &desc_off, nullptr) != DW_DLV_OK)
      break;
    if (source != 0 && (pc < lo || pc >= hi)) continue;  // source 0: an expression, for every pc
    out = EvaluateLocation(desc, ops);
    break;
  }
  dwarf_loc_head_c_dealloc(head);
  return out;
}

}  // namespace

std::vector<DwarfFrameVariable> DwarfTypes::FrameVariables(uint64_t function, uint64_t pc) const {
  std::vector<DwarfFrameVariable> out;
  Die f = OffDie(dbg_, function);
  if (f && FrameBaseIsCfa(f.get())) AddFrameVariables(f.get(), pc, out);
  return out;
}

// Blocks and inlined calls are entered whatever their pc ranges: a location
// list has no entry for a pc outside its variable's scope.
void DwarfTypes::AddFrameVariables(void* die, uint64_t pc, std::vector<DwarfFrameVariable>& out) const {
  for (Die c = Child(static_cast<Dwarf_Die>(die)); c; c = Sibling(dbg_, c.get())) {
    Dwarf_Half tag = Tag(c.get());
    if (tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine) {
      AddFrameVariables(c.get(), pc, out);
      continue;
    }
    if (tag != DW_TAG_variable && tag != DW_TAG_formal_parameter) continue;
    auto type = RefAttr(c.get(), DW_AT_type);
    if (!type)
      if (Die o = Origin(dbg_, c.get())) type = RefAttr(o.get(), DW_AT_type);
    if (!type) continue;
    auto pieces = ReadAttr<std::vector<DwarfPiece>>(c.get(), DW_AT_location, [pc](Dwarf_Attribute a) {
      return std::optional(LocationAt(a, pc));
    });
    if (pieces && !pieces->empty()) out.push_back({*type, std::move(*pieces)});
  }
}

}  // namespace gf
