#include "readers/dwarf_types.h"

#include <dwarf.h>
#include <libdwarf.h>

#include "readers/elf_image.h"
#include "readers/read_error.h"

namespace gf {
namespace {

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

std::optional<int64_t> SignedAttr(Dwarf_Die d, Dwarf_Half name) {
  auto a = Attr(d, name);
  if (!a) return std::nullopt;
  Dwarf_Signed s = 0;
  Dwarf_Unsigned u = 0;
  std::optional<int64_t> v;
  if (dwarf_formsdata(*a, &s, nullptr) == DW_DLV_OK) v = s;
  else if (dwarf_formudata(*a, &u, nullptr) == DW_DLV_OK) v = static_cast<int64_t>(u);
  dwarf_dealloc_attribute(*a);
  return v;
}

// A global's address: a location expression that is exactly DW_OP_addr.
std::optional<uint64_t> AddressAttr(Dwarf_Die d) {
  auto a = Attr(d, DW_AT_location);
  if (!a) return std::nullopt;
  Dwarf_Block* b = nullptr;
  std::optional<uint64_t> v;
  if (dwarf_formblock(*a, &b, nullptr) == DW_DLV_OK) {
    auto* p = static_cast<const uint8_t*>(b->bl_data);
    if (b->bl_len == 9 && p[0] == DW_OP_addr) {
      uint64_t addr = 0;
      for (int i = 0; i < 8; ++i) addr |= uint64_t{p[1 + i]} << (8 * i);
      v = addr;
    }
  }
  dwarf_dealloc_attribute(*a);
  return v;
}

std::optional<uint64_t> RefAttr(Dwarf_Die d, Dwarf_Half name) {
  auto a = Attr(d, name);
  if (!a) return std::nullopt;
  Dwarf_Off off = 0;
  std::optional<uint64_t> v;
  if (dwarf_global_formref(*a, &off, nullptr) == DW_DLV_OK) v = off;
  dwarf_dealloc_attribute(*a);
  return v;
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

const DwarfStruct* DwarfTypes::Struct(std::string_view name) const {
  std::string key(name);
  if (auto it = structs_.find(key); it != structs_.end()) return it->second.get();
  auto die = struct_dies_.find(key);
  if (die == struct_dies_.end()) return nullptr;
  auto s = std::make_unique<DwarfStruct>(ReadStruct(die->second, key));
  return structs_.emplace(key, std::move(s)).first->second.get();
}

}  // namespace gf
