#include "gruntime/go_types.h"

#include <cstring>

#include "gruntime/target.h"

namespace gf {
namespace {

// A chain of more modules than this is a torn next pointer.
constexpr int kMaxModules = 1024;
// Longer names are torn lengths (Go's own names stay far below this).
constexpr uint64_t kMaxNameLength = 1 << 16;

uint64_t Word(std::span<const uint8_t> b, uint64_t off, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, b.data() + off, n);
  return v;
}

}  // namespace

GoTypes::GoTypes(const Target& target, const HeapLayouts& layouts) : mem_(target.memory()), l_(layouts) {
  auto first = target.MaybeGlobal("runtime.firstmoduledata");
  for (uint64_t m = first.value_or(0); m != 0 && modules_.size() < kMaxModules;) {
    try {
      modules_.push_back({mem_.ReadPointer(m + l_.module_types), mem_.ReadPointer(m + l_.module_etypes)});
      m = mem_.ReadPointer(m + l_.module_next);
    } catch (const MemoryFault&) {
      break;
    }
  }
}

const GoTypes::Module* GoTypes::ModuleOf(uint64_t addr) const {
  for (const auto& m : modules_)
    if (addr >= m.types && addr < m.etypes) return &m;
  return nullptr;
}

std::optional<GoTypeDescriptor> GoTypes::Read(uint64_t addr) const {
  const Module* m = ModuleOf(addr);
  if (!m) return std::nullopt;
  auto b = mem_.View(addr, l_.type_str + 4);
  if (b.empty()) return std::nullopt;
  GoTypeDescriptor t;
  t.address = addr;
  t.size = Word(b, l_.type_size, 8);
  t.ptr_bytes = Word(b, l_.type_ptrbytes, 8);
  t.tflag = static_cast<uint8_t>(Word(b, l_.type_tflag, 1));
  t.gcdata = Word(b, l_.type_gcdata, 8);
  t.name = Name(*m, Word(b, l_.type_str, 4), t.tflag);
  return t;
}

// A name is a flags byte, a uvarint length and the bytes. The compiler
// stores "*T" for T with tflagExtraStar set, so that *T can share it.
std::string GoTypes::Name(const Module& m, uint64_t name_off, uint8_t tflag) const {
  uint64_t p = m.types + name_off + 1, len = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    auto b = mem_.View(p++, 1);
    if (b.empty()) return "";
    len |= uint64_t{b[0] & 0x7fu} << shift;
    if (!(b[0] & 0x80)) break;
  }
  if (len > kMaxNameLength) return "";
  auto bytes = mem_.View(p, len);
  if (bytes.empty()) return "";
  std::string name(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if ((tflag & l_.tflag_extra_star) && name.starts_with('*')) name.erase(0, 1);
  return name;
}

std::optional<std::vector<uint8_t>> GoTypes::PointerMask(const GoTypeDescriptor& t) const {
  uint64_t words = t.ptr_bytes / 8;
  uint64_t mask = t.gcdata;
  try {
    // Go 1.24+: large types' GCData points to where the runtime keeps the
    // mask it builds on first use.
    if (l_.tflag_gcmask_on_demand && (t.tflag & l_.tflag_gcmask_on_demand)) mask = mem_.ReadPointer(mask);
  } catch (const MemoryFault&) {
    return std::nullopt;
  }
  if (words == 0) return std::vector<uint8_t>{};
  auto b = mem_.View(mask, (words + 7) / 8);
  if (mask == 0 || b.empty()) return std::nullopt;
  return std::vector<uint8_t>(b.begin(), b.end());
}

}  // namespace gf
