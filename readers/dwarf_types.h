#pragma once
// The parts of a binary's DWARF that describe data: struct layouts, named
// constants and the addresses of global variables. Read through libdwarf.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

typedef struct Dwarf_Debug_s* Dwarf_Debug;

namespace gf {

class ElfImage;

struct DwarfMember {
  std::string name;
  uint64_t offset = 0;
  uint64_t size = 0;  // byte size of the member's type, 0 if unknown
};

struct DwarfStruct {
  std::string name;
  uint64_t size = 0;
  std::vector<DwarfMember> members;
  const DwarfMember* Member(std::string_view name) const;
};

class DwarfTypes {
 public:
  // Returns nullptr when the image has no DWARF; throws ReadError when it has
  // DWARF that libdwarf cannot read.
  static std::unique_ptr<DwarfTypes> Load(const ElfImage& image);
  ~DwarfTypes();

  std::optional<int64_t> Constant(std::string_view name) const;
  std::optional<uint64_t> VariableAddress(std::string_view name) const;
  // Byte size of a global's type, if DWARF records it.
  std::optional<uint64_t> VariableSize(std::string_view name) const;
  // nullptr when there is no struct type of that name.
  const DwarfStruct* Struct(std::string_view name) const;

 private:
  DwarfTypes(Dwarf_Debug dbg, std::string source);
  void Index();
  void IndexUnit(void* cu_die);
  DwarfStruct ReadStruct(uint64_t die_offset, const std::string& name) const;
  std::optional<uint64_t> TypeSize(uint64_t type_die) const;

  Dwarf_Debug dbg_;
  std::string source_;
  std::unordered_map<std::string, int64_t> constants_;
  struct Variable {
    uint64_t address;
    uint64_t type_die;
  };
  std::unordered_map<std::string, Variable> variables_;
  std::unordered_map<std::string, uint64_t> struct_dies_;
  mutable std::unordered_map<std::string, std::unique_ptr<DwarfStruct>> structs_;
};

}  // namespace gf
