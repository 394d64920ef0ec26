#include "gruntime/core_build_id.h"

#include <elf.h>

#include "readers/elf_core.h"
#include "readers/go_build_id_note.h"

namespace gf {
namespace {

std::span<const uint8_t> CoreBytesAt(const ElfCore& core, uint64_t addr, uint64_t n) {
  for (const auto& s : core.segments())
    if (addr >= s.vaddr && addr - s.vaddr + n <= s.available) return core.SegmentBytes(s).subspan(addr - s.vaddr, n);
  return {};
}

}  // namespace

std::optional<CoreExecutable> ExecutableOfCore(const ElfCore& core) {
  uint64_t entry = core.auxv(AT_ENTRY);
  const CoreFileMapping* exe = nullptr;
  for (const auto& m : core.file_mappings())
    if (entry >= m.start && entry < m.end) exe = &m;
  if (!exe) return std::nullopt;
  CoreExecutable result{exe->path, ""};
  // The file's first page is the lowest mapping of the same path at offset 0.
  for (const auto& m : core.file_mappings())
    if (m.path == exe->path && m.file_offset == 0) {
      result.build_id = FindGoBuildIdNote(CoreBytesAt(core, m.start, 4096));
      break;
    }
  return result;
}

}  // namespace gf
