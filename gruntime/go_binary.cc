#include "gruntime/go_binary.h"

#include "readers/read_error.h"

namespace gf {
namespace {

const ImageSection& PclntabSection(const ElfImage& image) {
  for (const char* name : {".gopclntab", ".data.rel.ro.gopclntab"})
    if (auto* s = image.FindSection(name)) return *s;
  throw ReadError(image.path(), "not a Go program (no .gopclntab section)");
}

}  // namespace

GoBinary::GoBinary(const std::string& path) : image_(path) {
  const ImageSection& pcln = PclntabSection(image_);
  const ImageSection* text = image_.FindSection(".text");
  if (!text) throw ReadError(path, "no .text section");
  // The funcdata base is go:func.* (named go.func.* before Go 1.20); without a
  // symbol table inline frames cannot be expanded, everything else works.
  uint64_t gofunc = 0;
  for (const char* name : {"go:func.*", "go.func.*"})
    if (auto a = image_.SymbolAddress(name)) gofunc = *a;
  pclntab_ = std::make_unique<Pclntab>(image_.SectionBytes(pcln), text->addr, gofunc, image_, path);
  dwarf_ = DwarfTypes::Load(image_);
}

std::optional<uint64_t> GoBinary::GlobalAddress(std::string_view name) const {
  if (auto a = image_.SymbolAddress(name)) return a;
  if (dwarf_) return dwarf_->VariableAddress(name);
  return std::nullopt;
}

}  // namespace gf
