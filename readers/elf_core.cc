#include "readers/elf_core.h"

#include <elf.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/procfs.h>

#include <cstring>

#include "readers/read_error.h"

namespace gf {
namespace {

constexpr uint32_t kNoteFile = 0x46494c45;  // NT_FILE: "FILE"

struct ElfHandle {
  Elf* elf = nullptr;
  ~ElfHandle() { if (elf) elf_end(elf); }
};

template <typename T>
T Load(std::span<const uint8_t> bytes, size_t offset) {
  T v{};
  std::memcpy(&v, bytes.data() + offset, sizeof(T));
  return v;
}

}  // namespace

ElfCore::ElfCore(const std::string& path) : file_(path) {
  ReadSegments();
}

ElfCore::~ElfCore() = default;

void ElfCore::ReadSegments() {
  elf_version(EV_CURRENT);
  ElfHandle h;
  h.elf = elf_memory(file_.mutable_data(), file_.size());
  if (!h.elf || elf_kind(h.elf) != ELF_K_ELF) throw ReadError(path(), "not an ELF file");
  GElf_Ehdr eh;
  if (!gelf_getehdr(h.elf, &eh)) throw ReadError(path(), "unreadable ELF header");
  if (eh.e_type != ET_CORE) throw ReadError(path(), "not a core file (ELF type " + std::to_string(eh.e_type) + ")");
  if (eh.e_machine != EM_X86_64 || eh.e_ident[EI_CLASS] != ELFCLASS64)
    throw ReadError(path(), "only amd64 (x86-64) cores are supported");
  size_t phnum = 0;
  if (elf_getphdrnum(h.elf, &phnum) != 0) throw ReadError(path(), "unreadable program headers");
  if (eh.e_phoff > file_.size() || phnum > (file_.size() - eh.e_phoff) / sizeof(Elf64_Phdr))
    throw ReadError(path(), "truncated: program headers extend past the end of the file");
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (!gelf_getphdr(h.elf, static_cast<int>(i), &ph)) throw ReadError(path(), "unreadable program header " + std::to_string(i));
    if (ph.p_type == PT_NOTE) {
      ReadNotes(ph.p_offset, ph.p_filesz);
    } else if (ph.p_type == PT_LOAD) {
      CoreSegment s{ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, 0, ph.p_flags};
      if (ph.p_offset < file_.size()) s.available = std::min<uint64_t>(ph.p_filesz, file_.size() - ph.p_offset);
      missing_bytes_ += s.filesz - s.available;
      segments_.push_back(s);
    }
  }
  if (threads_.empty()) throw ReadError(path(), "core has no thread (NT_PRSTATUS) notes");
}

void ElfCore::ReadNotes(uint64_t offset, uint64_t size) {
  if (offset > file_.size() || size > file_.size() - offset)
    throw ReadError(path(), "truncated: note segment extends past the end of the file");
  auto notes = file_.bytes().subspan(offset, size);
  size_t pos = 0;
  while (pos + sizeof(Elf64_Nhdr) <= notes.size()) {
    auto nh = Load<Elf64_Nhdr>(notes, pos);
    size_t name_pos = pos + sizeof(Elf64_Nhdr);
    size_t desc_pos = name_pos + ((size_t{nh.n_namesz} + 3) & ~size_t{3});
    size_t next = desc_pos + ((size_t{nh.n_descsz} + 3) & ~size_t{3});
    if (desc_pos > notes.size() || nh.n_descsz > notes.size() - desc_pos)
      throw ReadError(path(), "corrupt note at offset " + std::to_string(offset + pos));
    auto desc = notes.subspan(desc_pos, nh.n_descsz);
    if (nh.n_type == NT_PRSTATUS && desc.size() >= sizeof(elf_prstatus)) {
      auto st = Load<elf_prstatus>(desc, 0);
      CoreThread t;
      t.tid = st.pr_pid;
      t.signal = st.pr_cursig;
      static_assert(sizeof(st.pr_reg) == sizeof(t.regs.r));
      std::memcpy(t.regs.r.data(), &st.pr_reg, sizeof(t.regs.r));
      threads_.push_back(t);
    } else if (nh.n_type == NT_PRPSINFO && desc.size() >= sizeof(elf_prpsinfo)) {
      auto ps = Load<elf_prpsinfo>(desc, 0);
      psargs_.assign(ps.pr_psargs, strnlen(ps.pr_psargs, sizeof(ps.pr_psargs)));
    } else if (nh.n_type == NT_AUXV) {
      for (size_t i = 0; i + 16 <= desc.size(); i += 16) auxv_[Load<uint64_t>(desc, i)] = Load<uint64_t>(desc, i + 8);
    } else if (nh.n_type == kNoteFile) {
      ReadFileNote(desc);
    }
    pos = next;
  }
}

// NT_FILE: count, page size, count x (start, end, page offset), then count
// NUL-terminated paths.
void ElfCore::ReadFileNote(std::span<const uint8_t> desc) {
  if (desc.size() < 16) throw ReadError(path(), "corrupt NT_FILE note");
  uint64_t count = Load<uint64_t>(desc, 0), page = Load<uint64_t>(desc, 8);
  if (count > (desc.size() - 16) / 24) throw ReadError(path(), "corrupt NT_FILE note: bad entry count");
  size_t names = 16 + count * 24;
  for (uint64_t i = 0; i < count; ++i) {
    CoreFileMapping m;
    m.start = Load<uint64_t>(desc, 16 + i * 24);
    m.end = Load<uint64_t>(desc, 24 + i * 24);
    m.file_offset = Load<uint64_t>(desc, 32 + i * 24) * page;
    size_t len = names < desc.size() ? strnlen(reinterpret_cast<const char*>(desc.data() + names), desc.size() - names) : 0;
    if (names < desc.size()) m.path.assign(reinterpret_cast<const char*>(desc.data() + names), len);
    names += len + 1;
    mappings_.push_back(std::move(m));
  }
}

uint64_t ElfCore::auxv(uint64_t type) const {
  auto it = auxv_.find(type);
  return it == auxv_.end() ? 0 : it->second;
}

std::span<const uint8_t> ElfCore::SegmentBytes(const CoreSegment& s) const {
  // A segment the file does not reach at all may have any offset.
  if (s.available == 0) return {};
  return file_.bytes().subspan(s.file_offset, s.available);
}

}  // namespace gf
