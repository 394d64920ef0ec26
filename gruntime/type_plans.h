#pragma once
// What a value of a Go type tells about the heap objects it points to: the
// type's pointer words with the static type of what each points at, the
// plan heap type inference follows. Compiled from DWARF on first use, one
// plan per type; the runtime's own header structures (map headers,
// buckets, groups and tables, channel headers) get the counts DWARF does
// not spell out (1<<B buckets, lengthMask+1 groups, dataqsiz elements).
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gruntime/go_types.h"

namespace gf {

class DwarfTypes;
struct DwarfField;
struct DwarfGoType;
class Target;

struct PlanEdge {
  enum class Kind : uint8_t {
    kPointer,         // *T: the word points at one T
    kSlice,           // {data, len, cap}: data points at cap elements
    kString,          // {data, len}: data points at len bytes
    kInterface,       // {itab, data}: the itab names the dynamic type
    kEmptyInterface,  // {type, data}
    kFunc,            // a closure (funcval): its code pointer names its function
    kCounted,         // a pointer whose element count is another field (count_offset, count_rule)
    kMapDirectory,    // swiss map: dirLen == 0 ? one group : dirLen table pointers
    kTrieNode,        // a HashTrieMap node (sync.Map): its isEntry byte ? target : target2
    kArray,           // repeat values of target, stride apart (an array too long to unroll)
    kOpaque,          // a pointer to nothing typed (unsafe.Pointer)
  };
  enum class CountRule : uint8_t { kWord, kShiftByte, kHalfShiftByte, kWordPlusOne };
  Kind kind = Kind::kPointer;
  CountRule count_rule = CountRule::kWord;
  // A pointer the collector may not mark: to a runtime type, which may
  // live outside the heap (sys.NotInHeap, the older go:notinheap).
  bool weak = false;
  uint32_t offset = 0;        // of the pointer word within the value
  uint32_t count_offset = 0;  // kCounted, kMapDirectory: where the count is
  uint32_t target = 0;        // plan of the pointee, the element, or the repeated value
  uint32_t target2 = 0;       // kMapDirectory: a small map's single group; kTrieNode: an indirect node
  uint64_t repeat = 0, stride = 0;  // kArray
};

struct TypePlan {
  std::string name;  // as the runtime names the type when it has a descriptor
  uint64_t size = 0;
  uint64_t runtime_type = 0;  // the type descriptor's address in the target, 0 when unknown
  bool valid = false;         // a type DWARF describes (or a descriptor named it)
  bool pointers = false;      // the collector sees pointers in it
  bool pointers_known = true;
  bool pointer_shaped = false;  // one pointer word: stored in an interface's data word itself
  // The runtime's own view of a map or channel (runtime.hchan, maps.table,
  // or a pointer to one), which the per-type structures the linker
  // describes (hchan<T>, table<K,V>) say more about: they win a tie, and
  // scan an object the runtime typed generically.
  bool generic = false;
  std::vector<PlanEdge> edges;
  // The offsets of its pointer words below kPointerWordsWindow, ascending,
  // as the collector's pointer map marks them (weak ones it may not), when
  // the edges name every pointer word (not for a type known only by its
  // descriptor, nor a closure whose captures DWARF does not place).
  std::vector<uint32_t> pointer_words, weak_words;
  bool pointer_words_known = false;
};

class TypePlans {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr uint64_t kPointerWordsWindow = 4096;

  TypePlans(const Target& target, const DwarfTypes& dwarf, const GoTypes& types, uint64_t types_base,
            uint64_t types_end);

  // Plan ids are handed out before their plans are compiled, so a type
  // may point at itself.
  uint32_t ForDie(uint64_t die);
  // The plan of a type descriptor's type: its DWARF type, or when DWARF has
  // none, a plan with only the descriptor's name and size.
  uint32_t ForRuntimeType(uint64_t descriptor);
  // The closure object of the function whose code starts at pc (runtime
  // address): its captured variables where DWARF records their offsets
  // (Go 1.23+); else only its name.
  uint32_t ForClosure(uint64_t pc);
  // The bytes a string points at.
  uint32_t StringData();
  const TypePlan& Get(uint32_t id);

 private:
  struct Entry {
    uint64_t die = 0;
    uint64_t context = 0;  // a channel header's element type DIE
    bool compiled = false;
    TypePlan plan;
  };
  uint32_t Add(Entry e);
  void Compile(Entry& e);
  void CompileType(const DwarfGoType& t, uint64_t context, TypePlan& p);
  void AddFieldEdges(uint64_t type_die, uint64_t offset, TypePlan& p);
  void SetPointerWords(TypePlan& p);
  bool MayBeOutsideHeap(uint64_t pointee_die) const;
  bool IsGeneric(uint64_t die) const;
  bool AddSpecialEdge(const DwarfGoType& t, const DwarfField& f, uint64_t context, TypePlan& p);
  std::optional<uint64_t> GroupOfTable(uint64_t table_die) const;
  std::optional<uint64_t> DieByName(const GoTypeDescriptor& d) const;
  uint64_t DescriptorAddress(uint64_t dwarf_value) const;
  std::string NameOf(const DwarfGoType& t, uint64_t descriptor) const;

  const Target& target_;
  const DwarfTypes& dwarf_;
  const GoTypes& types_;
  uint64_t types_base_, types_end_;
  std::deque<Entry> entries_;
  std::unordered_map<uint64_t, uint32_t> by_die_, by_descriptor_, by_function_;
  uint32_t string_data_ = kNone;
};

}  // namespace gf
