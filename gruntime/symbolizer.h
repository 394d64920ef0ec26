#pragma once
// Turns runtime PCs into source frames (function, file, line), expanding the
// inline tree the way Go's own traceback does. Results are cached per PC:
// a dump with 100k goroutines has only a few hundred distinct PCs.
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "readers/pclntab.h"

namespace gf {

struct SourceFrame {
  std::string_view function;  // full symbol name, e.g. "main.drain[go.shape.int]"
  std::string_view file;
  int line = 0;
  bool inlined = false;
  uint8_t func_id = 0;  // the runtime's abi.FuncID: marks wrappers and special runtime functions
};

// Everything known about one PC. frames holds the inline expansion,
// innermost first; the last entry is the physical function.
struct SymbolizedPc {
  FuncInfo func;           // link-time addresses
  uint64_t entry = 0;      // runtime address of the physical function's entry
  std::string_view name;   // physical function
  std::vector<SourceFrame> frames;
};

class Symbolizer {
 public:
  Symbolizer(const Pclntab& table, uint64_t bias) : table_(table), bias_(bias) {}

  // The function containing a runtime pc.
  std::optional<FuncInfo> FindFunc(uint64_t pc) const { return table_.FindFunc(pc - bias_); }
  // Source frames for a runtime pc that has already been backed up into the
  // instruction of interest (the CALL for return addresses). nullptr when the
  // pc is not in Go code.
  const SymbolizedPc* Symbolize(uint64_t sym_pc) const;
  // Frame size at an exact runtime pc: SP offset from the pcsp table.
  std::optional<int32_t> SpDelta(const FuncInfo& f, uint64_t pc) const { return table_.PcValue(f, f.pcsp, pc - bias_); }
  std::string_view FuncName(const FuncInfo& f) const { return table_.FuncName(f.name_off); }
  uint64_t RuntimeEntry(const FuncInfo& f) const { return f.entry + bias_; }

 private:
  std::unique_ptr<SymbolizedPc> Build(uint64_t sym_pc) const;

  const Pclntab& table_;
  uint64_t bias_;
  mutable std::unordered_map<uint64_t, std::unique_ptr<SymbolizedPc>> cache_;
};

}  // namespace gf
