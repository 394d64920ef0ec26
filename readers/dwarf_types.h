#pragma once
// The parts of a binary's DWARF that describe data: struct layouts, named
// constants, the addresses and types of global variables, the Go type graph
// (Go's own attributes: kind, element and key types, runtime type
// descriptor), and the variables of functions (closure captures, frame
// locals and arguments). Read through libdwarf; types and functions are
// read when first asked for.
#include <cstdint>
#include <functional>
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

struct DwarfField {
  std::string name;
  uint64_t offset = 0;
  uint64_t type = 0;  // DIE offset of the field's type
};

// A Go type as DWARF describes it, a typedef resolved to what it names
// (keeping the typedef's name). Other types are referred to by DIE offset,
// 0 when absent.
struct DwarfGoType {
  enum class Kind : uint8_t {
    kOther,  // no Go type, or one DWARF does not describe
    kBool, kInt, kUint, kFloat, kComplex,
    kPointer,         // elem: the pointee
    kUnsafePointer,
    kString,          // {data, len}
    kSlice,           // {data, len, cap}; elem
    kArray,           // elem, count
    kStruct,          // fields
    kInterface,       // {itab, data}
    kEmptyInterface,  // {type, data}
    kMap,             // key, elem; header: the runtime's map header (hash<K,V>, map<K,V>)
    kChan,            // elem; header: the runtime's hchan<T>
    kFunc,            // a pointer to a closure (funcval)
  };
  Kind kind = Kind::kOther;
  std::string name;
  uint64_t size = 0;
  uint64_t elem = 0, key = 0, header = 0;
  uint64_t count = 0;
  // DW_AT_go_runtime_type as the linker wrote it: the type descriptor's
  // offset in the module's types section (an absolute link-time address
  // in a few types of Go <= 1.22); 0 when none.
  uint64_t runtime_type = 0;
  std::vector<DwarfField> fields;
  const DwarfField* Field(std::string_view name) const;
};

// A function's variable at one pc: where each piece of its value is,
// relative to the frame's canonical frame address (Go's frame base; the
// caller's SP); a piece without one is in a register or optimized out.
struct DwarfPiece {
  uint64_t offset = 0, size = 0;  // within the value
  std::optional<int64_t> cfa_offset;
};
struct DwarfFrameVariable {
  uint64_t type = 0;
  std::vector<DwarfPiece> pieces;
};

// What a closure function reads from its closure object (funcval): the
// captured variable of `type` at `offset` (Go 1.23+ records these).
struct DwarfClosureVariable {
  uint64_t offset = 0, type = 0;
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
  // The DIE of the struct type of that name.
  std::optional<uint64_t> StructDie(std::string_view name) const;
  // Every global with an address: name, link-time address, type DIE (0 if none).
  void ForEachVariable(const std::function<void(const std::string&, uint64_t, uint64_t)>& each) const;

  // The Go type at a DIE offset; nullptr when the DIE is unreadable.
  const DwarfGoType* GoType(uint64_t die) const;
  // The type DIE whose DW_AT_go_runtime_type is `value` (as written).
  std::optional<uint64_t> TypeOfRuntimeType(uint64_t value) const;
  // The subprogram whose code starts at low_pc (a link-time address).
  std::optional<uint64_t> FunctionAt(uint64_t low_pc) const;
  std::string FunctionName(uint64_t function) const;
  std::vector<DwarfClosureVariable> ClosureVariables(uint64_t function) const;
  // The function's parameters and variables (inlined calls' included)
  // whose location at pc (link-time) is known; empty when its frame base
  // is not the CFA.
  std::vector<DwarfFrameVariable> FrameVariables(uint64_t function, uint64_t pc) const;

 private:
  DwarfTypes(Dwarf_Debug dbg, std::string source);
  void Index();
  void IndexUnit(void* cu_die);
  DwarfStruct ReadStruct(uint64_t die_offset, const std::string& name) const;
  std::optional<uint64_t> TypeSize(uint64_t type_die) const;
  std::unique_ptr<DwarfGoType> ReadGoType(uint64_t die, int depth) const;
  void ReadTypedef(void* die, DwarfGoType& t, int depth) const;
  void ReadStructType(void* die, DwarfGoType& t) const;
  void ReadArrayType(void* die, DwarfGoType& t) const;
  const DwarfGoType* GoType(uint64_t die, int depth) const;
  // The second index, built on first use: runtime types and functions.
  void IndexCode() const;
  void IndexCodeUnit(void* cu_die) const;
  void AddFrameVariables(void* die, uint64_t pc, std::vector<DwarfFrameVariable>& out) const;

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
  mutable std::unordered_map<uint64_t, std::unique_ptr<DwarfGoType>> go_types_;
  mutable bool code_indexed_ = false;
  mutable std::unordered_map<uint64_t, uint64_t> runtime_types_;  // DW_AT_go_runtime_type -> DIE
  mutable std::unordered_map<uint64_t, uint64_t> functions_;      // low_pc -> subprogram DIE
};

}  // namespace gf
