#pragma once
// Go's runtime symbol table (.gopclntab, Go 1.18 and later): function
// entries, names, and the pc-value tables for frame size (pcsp), file, line
// and per-pc data such as the inline tree index. Addresses are link-time
// addresses; the caller removes any PIE load bias.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gf {

class ElfImage;

// Function flags and funcdata/pcdata slots shared by every supported version.
constexpr uint8_t kFuncFlagTopFrame = 1 << 0;
constexpr uint8_t kFuncFlagSPWrite = 1 << 1;
constexpr uint32_t kPcdataInlTreeIndex = 2;
constexpr uint32_t kFuncdataInlTree = 3;
constexpr uint32_t kPcdataStackMapIndex = 1;
constexpr uint32_t kFuncdataArgsPointerMaps = 0;
constexpr uint32_t kFuncdataLocalsPointerMaps = 1;
constexpr uint32_t kFuncdataStackObjects = 2;

struct FuncInfo {
  uint64_t entry = 0;
  int32_t name_off = 0;
  int32_t args = 0;
  uint32_t pcsp = 0, pcfile = 0, pcln = 0;
  uint32_t npcdata = 0;
  uint32_t cu_offset = 0;
  int32_t start_line = 0;
  uint8_t func_id = 0, flag = 0, nfuncdata = 0;
  uint64_t header_offset = 0;  // of the _func record within the function table
};

struct InlinedCall {
  uint8_t func_id = 0;
  int32_t name_off = 0;
  int32_t parent_pc = 0;  // offset from the outer function's entry
};

class Pclntab {
 public:
  // text_start: link-time address of the first text byte. gofunc: link-time
  // address of go:func.* (funcdata base), read from `image`.
  Pclntab(std::span<const uint8_t> table, uint64_t text_start, uint64_t gofunc, const ElfImage& image,
          std::string source);

  // Go version family of the table layout: 118 (Go 1.18-1.19) or 120 (1.20+).
  int format() const { return format_; }
  uint64_t function_count() const { return nfunc_; }
  uint64_t text_start() const { return text_start_; }

  std::optional<FuncInfo> FindFunc(uint64_t pc) const;
  std::optional<FuncInfo> FuncAt(uint64_t index) const;
  std::string_view FuncName(int32_t name_off) const;
  // The value a pc-value table assigns to `pc`; nullopt when the table is
  // absent, malformed, or does not cover pc.
  std::optional<int32_t> PcValue(const FuncInfo& f, uint32_t table, uint64_t pc) const;
  std::optional<int32_t> PcData(const FuncInfo& f, uint32_t index, uint64_t pc) const;
  std::string_view FileName(const FuncInfo& f, int32_t file_index) const;
  // Link-time address of f's funcdata `index` (a FUNCDATA_* table), if any.
  std::optional<uint64_t> FuncDataAddress(const FuncInfo& f, uint32_t index) const;
  // The n-th entry of f's inline tree, if f has one.
  std::optional<InlinedCall> InlineTreeEntry(const FuncInfo& f, int32_t index) const;

 private:
  uint64_t Word(uint64_t offset) const;
  uint32_t U32(std::span<const uint8_t> s, uint64_t offset) const;
  std::optional<uint32_t> FuncDataOffset(const FuncInfo& f, uint32_t index) const;

  std::span<const uint8_t> table_;
  std::span<const uint8_t> funcnames_, cutab_, filetab_, pctab_, functab_;
  uint64_t text_start_ = 0, gofunc_ = 0, nfunc_ = 0;
  int format_ = 0;
  uint32_t func_header_size_ = 0;
  const ElfImage& image_;
  std::string source_;
};

}  // namespace gf
