#pragma once
// A Go executable: its ELF image, its DWARF (absent when built with -w or
// -s) and its pclntab. Addresses here are link-time addresses.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "readers/dwarf_types.h"
#include "readers/elf_image.h"
#include "readers/pclntab.h"

namespace gf {

class GoBinary {
 public:
  explicit GoBinary(const std::string& path);  // throws ReadError

  const std::string& path() const { return image_.path(); }
  const ElfImage& image() const { return image_; }
  const DwarfTypes* dwarf() const { return dwarf_.get(); }
  const Pclntab& pclntab() const { return *pclntab_; }
  // Address of a global, from the symbol table or else from DWARF.
  std::optional<uint64_t> GlobalAddress(std::string_view name) const;

 private:
  ElfImage image_;
  std::unique_ptr<DwarfTypes> dwarf_;
  std::unique_ptr<Pclntab> pclntab_;
};

}  // namespace gf
