#pragma once
// ELF executable reader: load segments, sections, the symbol table and build
// IDs of a Go binary, all as views into one mapping of the file.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "readers/mapped_file.h"

typedef struct Elf Elf;

namespace gf {

struct ImageSegment {
  uint64_t vaddr = 0, memsz = 0, file_offset = 0, filesz = 0;
  uint32_t flags = 0;
};

struct ImageSection {
  std::string name;
  uint64_t addr = 0, size = 0, file_offset = 0;
  uint32_t type = 0;
  uint64_t flags = 0;
};

struct ImageSymbol {
  uint64_t addr = 0, size = 0;
  std::string_view name;  // into the image's string table
};

class ElfImage {
 public:
  explicit ElfImage(const std::string& path);  // throws ReadError
  ~ElfImage();
  ElfImage(const ElfImage&) = delete;
  ElfImage& operator=(const ElfImage&) = delete;

  const std::string& path() const { return file_.path(); }
  bool is_pie() const { return is_pie_; }
  uint64_t entry() const { return entry_; }
  const std::vector<ImageSegment>& segments() const { return segments_; }
  const ImageSection* FindSection(std::string_view name) const;
  // File bytes of a section (empty for SHT_NOBITS).
  std::span<const uint8_t> SectionBytes(const ImageSection& s) const;
  // File bytes backing [vaddr, vaddr+size) at link-time addresses, or empty
  // when the range is not file-backed by one load segment.
  std::span<const uint8_t> BytesAt(uint64_t vaddr, uint64_t size) const;
  std::optional<uint64_t> SymbolAddress(std::string_view name) const;
  bool has_symbols() const { return !symbols_.empty(); }
  // Sized data objects (STT_OBJECT) of the symbol table, by address: the
  // program's global variables. Empty without a symbol table.
  std::vector<ImageSymbol> DataObjects() const;
  // Go's build ID (".note.go.buildid"), empty if absent.
  const std::string& go_build_id() const { return go_build_id_; }
  // Link-time address of the Go build ID note's descriptor, 0 if absent.
  uint64_t go_build_id_vaddr() const { return go_build_id_vaddr_; }
  Elf* elf() const { return elf_; }

 private:
  void ReadHeaders();
  void ReadSections();
  void ReadSymbols(const ImageSection& symtab);
  void ReadGoBuildId(const ImageSection& note);

  MappedFile file_;
  Elf* elf_ = nullptr;
  bool is_pie_ = false;
  uint64_t entry_ = 0;
  std::vector<ImageSegment> segments_;
  std::vector<ImageSection> sections_;
  std::unordered_map<std::string_view, uint64_t> symbols_;
  std::string go_build_id_;
  uint64_t go_build_id_vaddr_ = 0;
};

}  // namespace gf
