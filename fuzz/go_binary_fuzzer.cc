// Fuzzes the Go executable readers where they meet in GoBinary: the ELF
// image (headers, sections, symbols, build ID), the pclntab (function
// table, names, pc-value tables, file table, inline trees, funcdata) through
// the Symbolizer, and DWARF when the binary has it.
#include <algorithm>
#include <cstdint>

#include "fuzz/memory_file.h"
#include "gruntime/go_binary.h"
#include "gruntime/symbolizer.h"
#include "readers/read_error.h"

namespace {

// Enough functions to reach every record layout without making one run
// cost as much as a whole binary's table.
constexpr uint64_t kFunctionsWalked = 16;

uint64_t WalkFunction(const gf::Pclntab& table, const gf::Symbolizer& symbolizer, const gf::FuncInfo& f) {
  uint64_t sum = table.FuncName(f.name_off).size();
  for (uint64_t pc = f.entry; pc < f.entry + 256; pc += 64) {
    sum += table.PcValue(f, f.pcsp, pc).value_or(0);
    sum += table.PcData(f, gf::kPcdataStackMapIndex, pc).value_or(0);
    if (const auto* s = symbolizer.Symbolize(pc))
      for (const auto& frame : s->frames) sum += frame.function.size() + frame.file.size() + frame.line;
  }
  for (uint32_t i = 0; i < 4; ++i) sum += table.FuncDataAddress(f, i).value_or(0);
  return sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static gf::fuzz::MemoryFile file;
  file.Assign(data, size);
  try {
    gf::GoBinary binary(file.path());
    const gf::Pclntab& table = binary.pclntab();
    gf::Symbolizer symbolizer(table, 0);
    uint64_t sum = binary.image().go_build_id().size() + binary.GlobalAddress("runtime.allgs").value_or(0);
    uint64_t n = table.function_count();
    for (uint64_t i = 0; i < std::min(n, kFunctionsWalked); ++i)
      if (auto f = table.FuncAt(i)) sum += WalkFunction(table, symbolizer, *f);
    if (auto f = table.FuncAt(n - 1)) sum += WalkFunction(table, symbolizer, *f);
    if (const gf::DwarfTypes* dwarf = binary.dwarf()) {
      if (const gf::DwarfStruct* g = dwarf->Struct("runtime.g")) sum += g->size + g->members.size();
      sum += dwarf->Constant("runtime._Grunning").value_or(0) + dwarf->VariableSize("runtime.allgs").value_or(0);
    }
    volatile uint64_t sink = sum;
    (void)sink;
  } catch (const gf::ReadError&) {
  }
  return 0;
}
