#pragma once
// Go's runtime type descriptors (abi.Type, runtime._type before Go 1.21) in
// the target: their sizes, names (resolved through the module's types
// section) and GC pointer masks.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gruntime/heap_layouts.h"

namespace gf {

class AddressSpace;
class Target;

struct GoTypeDescriptor {
  uint64_t address = 0;
  uint64_t size = 0, ptr_bytes = 0;
  uint64_t gcdata = 0;
  uint8_t tflag = 0;
  std::string name;
};

class GoTypes {
 public:
  // Reads the module list (runtime.firstmoduledata and its successors).
  GoTypes(const Target& target, const HeapLayouts& layouts);

  // nullopt when addr is not a descriptor in any module's types section or
  // its bytes are not in the core: a torn header, not a type.
  std::optional<GoTypeDescriptor> Read(uint64_t addr) const;
  // The pointer mask of the type's first ptr_bytes: bit i set when word i
  // holds a pointer. nullopt when the mask is not in the core (or, for a
  // mask the runtime builds on first use, was never built).
  std::optional<std::vector<uint8_t>> PointerMask(const GoTypeDescriptor& t) const;

 private:
  struct Module {
    uint64_t types = 0, etypes = 0;
  };
  const Module* ModuleOf(uint64_t addr) const;
  std::string Name(const Module& m, uint64_t name_off, uint8_t tflag) const;

  const AddressSpace& mem_;
  const HeapLayouts& l_;
  std::vector<Module> modules_;
};

}  // namespace gf
