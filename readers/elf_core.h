#pragma once
// ELF core file reader: memory segments (PT_LOAD), one register set per
// thread (NT_PRSTATUS), the file mappings (NT_FILE) and the aux vector
// (NT_AUXV). It knows nothing about Go.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "readers/mapped_file.h"

namespace gf {

struct CoreSegment {
  uint64_t vaddr = 0;
  uint64_t memsz = 0;
  uint64_t file_offset = 0;
  uint64_t filesz = 0;     // bytes the header says were dumped
  uint64_t available = 0;  // bytes actually present (less when the core is truncated)
  uint32_t flags = 0;      // PF_R / PF_W / PF_X
};

// amd64 general registers in the order of the kernel's user_regs_struct.
struct ThreadRegisters {
  enum Index { R15, R14, R13, R12, RBP, RBX, R11, R10, R9, R8, RAX, RCX, RDX, RSI, RDI,
               ORIG_RAX, RIP, CS, EFLAGS, RSP, SS, FS_BASE, GS_BASE, DS, ES, FS, GS, kCount };
  std::array<uint64_t, kCount> r{};
  uint64_t pc() const { return r[RIP]; }
  uint64_t sp() const { return r[RSP]; }
  uint64_t bp() const { return r[RBP]; }
};

struct CoreThread {
  int32_t tid = 0;
  int32_t signal = 0;  // signal that stopped the thread (pr_cursig)
  ThreadRegisters regs;
};

struct CoreFileMapping {
  uint64_t start = 0, end = 0, file_offset = 0;
  std::string path;
};

class ElfCore {
 public:
  explicit ElfCore(const std::string& path);  // throws ReadError
  ~ElfCore();

  const std::string& path() const { return file_.path(); }
  // When the kernel (or gcore) finished writing the dump, as the file says.
  int64_t written_unix_ns() const { return file_.modified_ns(); }
  const std::vector<CoreSegment>& segments() const { return segments_; }
  const std::vector<CoreThread>& threads() const { return threads_; }
  const std::vector<CoreFileMapping>& file_mappings() const { return mappings_; }
  // 0 when the aux vector has no such entry.
  uint64_t auxv(uint64_t type) const;
  std::string command_line() const { return psargs_; }
  // Bytes of memory the program headers promise but the file does not hold.
  uint64_t missing_bytes() const { return missing_bytes_; }
  std::span<const uint8_t> SegmentBytes(const CoreSegment& s) const;
  // See MappedFile::DropResidentPages: nothing may hold a view into the core
  // across this call.
  void DropResidentPages() const { file_.DropResidentPages(); }

 private:
  void ReadSegments();
  void ReadNotes(uint64_t offset, uint64_t size);
  void ReadFileNote(std::span<const uint8_t> desc);

  MappedFile file_;
  std::vector<CoreSegment> segments_;
  std::vector<CoreThread> threads_;
  std::vector<CoreFileMapping> mappings_;
  std::map<uint64_t, uint64_t> auxv_;
  std::string psargs_;
  uint64_t missing_bytes_ = 0;
};

}  // namespace gf
