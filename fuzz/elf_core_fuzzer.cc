// Fuzzes the ELF core reader: program headers, notes (NT_PRSTATUS,
// NT_PRPSINFO, NT_AUXV, NT_FILE) and the segment views it hands out.
#include <cstdint>

#include "fuzz/memory_file.h"
#include "readers/elf_core.h"
#include "readers/read_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static gf::fuzz::MemoryFile file;
  file.Assign(data, size);
  try {
    gf::ElfCore core(file.path());
    uint64_t sum = core.missing_bytes() + core.auxv(6) + core.command_line().size();
    for (const auto& s : core.segments()) {
      auto bytes = core.SegmentBytes(s);
      // Touch both ends: ASan reports a view that reaches past the mapping.
      if (!bytes.empty()) sum += bytes.front() + bytes.back();
    }
    for (const auto& t : core.threads()) sum += t.regs.pc();
    for (const auto& m : core.file_mappings()) sum += m.path.size() + m.end - m.start;
    volatile uint64_t sink = sum;
    (void)sink;
  } catch (const gf::ReadError&) {
  }
  return 0;
}
