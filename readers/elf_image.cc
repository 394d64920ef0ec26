#include "readers/elf_image.h"

#include <elf.h>
#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstring>

#include "readers/read_error.h"

namespace gf {

ElfImage::ElfImage(const std::string& path) : file_(path) {
  elf_version(EV_CURRENT);
  elf_ = elf_memory(file_.mutable_data(), file_.size());
  if (!elf_ || elf_kind(elf_) != ELF_K_ELF) {
    if (elf_) elf_end(elf_);
    throw ReadError(path, "not an ELF file");
  }
  try {
    ReadHeaders();
    ReadSections();
  } catch (...) {
    elf_end(elf_);
    throw;
  }
}

ElfImage::~ElfImage() { elf_end(elf_); }

void ElfImage::ReadHeaders() {
  GElf_Ehdr eh;
  if (!gelf_getehdr(elf_, &eh)) throw ReadError(path(), "unreadable ELF header");
  if (eh.e_type == ET_CORE) throw ReadError(path(), "is a core file, not an executable");
  if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) throw ReadError(path(), "not an executable (ELF type " + std::to_string(eh.e_type) + ")");
  if (eh.e_machine != EM_X86_64 || eh.e_ident[EI_CLASS] != ELFCLASS64)
    throw ReadError(path(), "only amd64 (x86-64) executables are supported");
  is_pie_ = eh.e_type == ET_DYN;
  entry_ = eh.e_entry;
  size_t phnum = 0;
  if (elf_getphdrnum(elf_, &phnum) != 0) throw ReadError(path(), "unreadable program headers");
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (!gelf_getphdr(elf_, static_cast<int>(i), &ph)) throw ReadError(path(), "unreadable program header");
    if (ph.p_type != PT_LOAD) continue;
    if (ph.p_offset > file_.size() || ph.p_filesz > file_.size() - ph.p_offset)
      throw ReadError(path(), "truncated: a load segment extends past the end of the file");
    segments_.push_back({ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, ph.p_flags});
  }
}

void ElfImage::ReadSections() {
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf_, &shstrndx) != 0) throw ReadError(path(), "unreadable section header string table");
  for (Elf_Scn* scn = elf_nextscn(elf_, nullptr); scn; scn = elf_nextscn(elf_, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh)) throw ReadError(path(), "unreadable section header");
    const char* name = elf_strptr(elf_, shstrndx, sh.sh_name);
    if (sh.sh_type != SHT_NOBITS && (sh.sh_offset > file_.size() || sh.sh_size > file_.size() - sh.sh_offset))
      throw ReadError(path(), std::string("truncated: section ") + (name ? name : "?") + " extends past the end of the file");
    sections_.push_back({name ? name : "", sh.sh_addr, sh.sh_size, sh.sh_offset, sh.sh_type, sh.sh_flags});
  }
  if (auto* s = FindSection(".symtab")) ReadSymbols(*s);
  if (auto* s = FindSection(".note.go.buildid")) ReadGoBuildId(*s);
}

void ElfImage::ReadSymbols(const ImageSection& symtab) {
  for (Elf_Scn* scn = elf_nextscn(elf_, nullptr); scn; scn = elf_nextscn(elf_, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_offset != symtab.file_offset) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
    symbols_.reserve(n);
    for (size_t i = 0; data && i < n; ++i) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym)) break;
      const char* name = elf_strptr(elf_, sh.sh_link, sym.st_name);
      if (name && *name) symbols_.emplace(std::string_view(name), sym.st_value);
    }
  }
}

std::vector<ImageSymbol> ElfImage::DataObjects() const {
  std::vector<ImageSymbol> out;
  const ImageSection* symtab = FindSection(".symtab");
  for (Elf_Scn* scn = elf_nextscn(elf_, nullptr); symtab && scn; scn = elf_nextscn(elf_, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_offset != symtab->file_offset) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
    for (size_t i = 0; data && i < n; ++i) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym)) break;
      if (GELF_ST_TYPE(sym.st_info) != STT_OBJECT || sym.st_size == 0) continue;
      const char* name = elf_strptr(elf_, sh.sh_link, sym.st_name);
      if (name && *name) out.push_back({sym.st_value, sym.st_size, name});
    }
  }
  std::sort(out.begin(), out.end(), [](const ImageSymbol& a, const ImageSymbol& b) { return a.addr < b.addr; });
  return out;
}

// The note is: namesz, descsz, type (4 = Go build ID), "Go\0\0", descriptor.
void ElfImage::ReadGoBuildId(const ImageSection& note) {
  auto b = SectionBytes(note);
  if (b.size() < 16) return;
  uint32_t namesz, descsz, type;
  std::memcpy(&namesz, b.data(), 4);
  std::memcpy(&descsz, b.data() + 4, 4);
  std::memcpy(&type, b.data() + 8, 4);
  size_t desc = 12 + ((namesz + 3) & ~3u);
  if (type != 4 || namesz < 2 || std::memcmp(b.data() + 12, "Go", 2) != 0) return;
  if (desc > b.size() || descsz > b.size() - desc) return;
  go_build_id_.assign(reinterpret_cast<const char*>(b.data() + desc), descsz);
  go_build_id_vaddr_ = note.addr + desc;
}

const ImageSection* ElfImage::FindSection(std::string_view name) const {
  for (const auto& s : sections_)
    if (s.name == name) return &s;
  return nullptr;
}

std::span<const uint8_t> ElfImage::SectionBytes(const ImageSection& s) const {
  if (s.type == SHT_NOBITS) return {};
  return file_.bytes().subspan(s.file_offset, s.size);
}

std::span<const uint8_t> ElfImage::BytesAt(uint64_t vaddr, uint64_t size) const {
  for (const auto& seg : segments_) {
    if (vaddr < seg.vaddr || vaddr - seg.vaddr >= seg.filesz) continue;
    uint64_t off = vaddr - seg.vaddr;
    if (size > seg.filesz - off) return {};
    return file_.bytes().subspan(seg.file_offset + off, size);
  }
  return {};
}

std::optional<uint64_t> ElfImage::SymbolAddress(std::string_view name) const {
  auto it = symbols_.find(name);
  if (it == symbols_.end()) return std::nullopt;
  return it->second;
}

}  // namespace gf
