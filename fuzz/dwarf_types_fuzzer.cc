// Fuzzes the ELF image reader and the DWARF type index on small binaries
// (seeds: C programs with debug information, plain and compressed), so
// libdwarf's input reaches DwarfTypes at thousands of runs a second.
#include <cstdint>

#include "fuzz/memory_file.h"
#include "readers/dwarf_types.h"
#include "readers/elf_image.h"
#include "readers/read_error.h"

namespace {

// The names the seeds define (fuzz/seed.sh) and the ones the runtime model asks for.
constexpr const char* kStructs[] = {"g", "m", "hchan", "runtime.g", "runtime.mspan"};
constexpr const char* kConstants[] = {"kGrunning", "runtime._Grunning"};
constexpr const char* kVariables[] = {"allgs", "mheap_", "runtime.allgs"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static gf::fuzz::MemoryFile file;
  file.Assign(data, size);
  try {
    gf::ElfImage image(file.path());
    uint64_t sum = image.entry() + image.go_build_id().size() + image.SymbolAddress("main").value_or(0);
    for (const auto& s : image.segments()) sum += image.BytesAt(s.vaddr, s.filesz).size();
    auto dwarf = gf::DwarfTypes::Load(image);
    if (dwarf) {
      for (const char* name : kStructs)
        if (const gf::DwarfStruct* s = dwarf->Struct(name))
          for (const auto& m : s->members) sum += m.offset + m.size + m.name.size();
      for (const char* name : kConstants) sum += dwarf->Constant(name).value_or(0);
      for (const char* name : kVariables)
        sum += dwarf->VariableAddress(name).value_or(0) + dwarf->VariableSize(name).value_or(0);
      // The Go type graph and function variables, read lazily from the
      // same DIEs: every global's type, its fields' and element's types.
      dwarf->ForEachVariable([&](const std::string&, uint64_t addr, uint64_t type) {
        sum += addr;
        if (const gf::DwarfGoType* t = dwarf->GoType(type)) {
          sum += t->size + t->count + static_cast<uint64_t>(t->kind) + (dwarf->GoType(t->elem) != nullptr);
          for (const auto& f : t->fields) sum += dwarf->GoType(f.type) != nullptr ? 1 : 0;
        }
      });
      sum += dwarf->TypeOfRuntimeType(0).value_or(0);
      if (auto f = dwarf->FunctionAt(image.entry())) {
        sum += dwarf->FunctionName(*f).size() + dwarf->ClosureVariables(*f).size();
        for (const auto& v : dwarf->FrameVariables(*f, image.entry() + 1)) sum += v.pieces.size();
      }
    }
    volatile uint64_t sink = sum;
    (void)sink;
  } catch (const gf::ReadError&) {
  }
  return 0;
}
