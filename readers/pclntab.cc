#include "readers/pclntab.h"

#include <cstring>

#include "readers/elf_image.h"
#include "readers/read_error.h"

namespace gf {
namespace {

constexpr uint32_t kMagicGo118 = 0xfffffff0;
constexpr uint32_t kMagicGo120 = 0xfffffff1;

// Reads an unsigned LEB128 varint; returns false past the end or when it is
// longer than 32 bits' worth.
bool ReadVarint(std::span<const uint8_t> p, size_t& pos, uint32_t& out) {
  uint32_t v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (pos >= p.size()) return false;
    uint8_t b = p[pos++];
    v |= uint32_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) {
      out = v;
      return true;
    }
  }
  return false;
}

std::span<const uint8_t> Tail(std::span<const uint8_t> s, uint64_t offset, const std::string& src, const char* what) {
  if (offset > s.size()) throw ReadError(src, std::string("corrupt pclntab: ") + what + " offset out of range");
  return s.subspan(offset);
}

}  // namespace

Pclntab::Pclntab(std::span<const uint8_t> table, uint64_t text_start, uint64_t gofunc, const ElfImage& image,
                 std::string source)
    : table_(table), text_start_(text_start), gofunc_(gofunc), image_(image), source_(std::move(source)) {
  if (table.size() < 72) throw ReadError(source_, "pclntab too small");
  uint32_t magic = U32(table, 0);
  if (magic == kMagicGo118) {
    format_ = 118;
    func_header_size_ = 40;
  } else if (magic == kMagicGo120) {
    format_ = 120;
    func_header_size_ = 44;
  } else {
    throw ReadError(source_, "unsupported pclntab (magic " + std::to_string(magic) + "): Go 1.18 or later is required");
  }
  if (table[6] != 1 || table[7] != 8) throw ReadError(source_, "pclntab is not for a 64-bit x86 target");
  nfunc_ = Word(8);
  funcnames_ = Tail(table, Word(32), source_, "function name table");
  cutab_ = Tail(table, Word(40), source_, "compilation unit table");
  filetab_ = Tail(table, Word(48), source_, "file table");
  pctab_ = Tail(table, Word(56), source_, "pc table");
  functab_ = Tail(table, Word(64), source_, "function table");
  if (nfunc_ == 0 || nfunc_ > functab_.size() / 8) throw ReadError(source_, "corrupt pclntab: bad function count");
}

uint64_t Pclntab::Word(uint64_t offset) const {
  uint64_t v = 0;
  std::memcpy(&v, table_.data() + offset, 8);
  return v;
}

uint32_t Pclntab::U32(std::span<const uint8_t> s, uint64_t offset) const {
  if (offset > s.size() || s.size() - offset < 4) throw ReadError(source_, "corrupt pclntab: read out of range");
  uint32_t v = 0;
  std::memcpy(&v, s.data() + offset, 4);
  return v;
}

std::optional<FuncInfo> Pclntab::FuncAt(uint64_t index) const {
  if (index >= nfunc_) return std::nullopt;
  uint64_t func_off = U32(functab_, index * 8 + 4);
  if (func_off > functab_.size() || functab_.size() - func_off < func_header_size_) return std::nullopt;
  auto h = functab_.subspan(func_off);
  FuncInfo f;
  f.entry = text_start_ + U32(h, 0);
  f.name_off = static_cast<int32_t>(U32(h, 4));
  f.args = static_cast<int32_t>(U32(h, 8));
  f.pcsp = U32(h, 16);
  f.pcfile = U32(h, 20);
  f.pcln = U32(h, 24);
  f.npcdata = U32(h, 28);
  f.cu_offset = U32(h, 32);
  uint32_t tail = 36;
  if (format_ >= 120) {
    f.start_line = static_cast<int32_t>(U32(h, 36));
    tail = 40;
  }
  f.func_id = h[tail];
  f.flag = h[tail + 1];
  f.nfuncdata = h[tail + 3];
  f.header_offset = func_off;
  return f;
}

// ftab holds nfunc+1 (entry offset, func offset) pairs sorted by entry; the
// last one marks the end of the text.
std::optional<FuncInfo> Pclntab::FindFunc(uint64_t pc) const {
  if (pc < text_start_) return std::nullopt;
  uint64_t off = pc - text_start_;
  if (off >= U32(functab_, nfunc_ * 8)) return std::nullopt;
  uint64_t lo = 0, hi = nfunc_;
  while (hi - lo > 1) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (U32(functab_, mid * 8) <= off) lo = mid;
    else hi = mid;
  }
  return FuncAt(lo);
}

std::string_view Pclntab::FuncName(int32_t name_off) const {
  if (name_off < 0 || static_cast<uint64_t>(name_off) >= funcnames_.size()) return "?";
  auto* p = reinterpret_cast<const char*>(funcnames_.data() + name_off);
  return std::string_view(p, strnlen(p, funcnames_.size() - name_off));
}

// Each table is a sequence of (value delta, pc delta) varint pairs; the value
// delta is zig-zag encoded and a zero value delta after the first pair ends
// the table.
std::optional<int32_t> Pclntab::PcValue(const FuncInfo& f, uint32_t table, uint64_t pc) const {
  if (table == 0 || table >= pctab_.size()) return std::nullopt;
  auto p = pctab_.subspan(table);
  size_t pos = 0;
  uint64_t cur = f.entry;
  int32_t val = -1;
  for (bool first = true;; first = false) {
    uint32_t vdelta = 0, pcdelta = 0;
    if (!ReadVarint(p, pos, vdelta)) return std::nullopt;
    if (vdelta == 0 && !first) return std::nullopt;
    // int32 arithmetic wraps in Go, so it does here (in unsigned, where C++ allows it).
    val = static_cast<int32_t>(static_cast<uint32_t>(val) + (-(vdelta & 1) ^ (vdelta >> 1)));
    if (!ReadVarint(p, pos, pcdelta)) return std::nullopt;
    cur += pcdelta;
    if (pc < cur) return val;
  }
}

std::optional<int32_t> Pclntab::PcData(const FuncInfo& f, uint32_t index, uint64_t pc) const {
  if (index >= f.npcdata) return std::nullopt;
  uint32_t table = U32(functab_, f.header_offset + func_header_size_ + index * 4);
  return PcValue(f, table, pc);
}

std::optional<uint32_t> Pclntab::FuncDataOffset(const FuncInfo& f, uint32_t index) const {
  if (index >= f.nfuncdata) return std::nullopt;
  uint32_t off = U32(functab_, f.header_offset + func_header_size_ + (f.npcdata + index) * 4);
  if (off == ~0u) return std::nullopt;
  return off;
}

std::optional<uint64_t> Pclntab::FuncDataAddress(const FuncInfo& f, uint32_t index) const {
  auto off = FuncDataOffset(f, index);
  if (!off) return std::nullopt;
  return gofunc_ + *off;
}

std::string_view Pclntab::FileName(const FuncInfo& f, int32_t file_index) const {
  if (file_index < 0) return "?";
  uint64_t slot = (uint64_t{f.cu_offset} + static_cast<uint64_t>(file_index)) * 4;
  if (slot + 4 > cutab_.size()) return "?";
  uint32_t off = U32(cutab_, slot);
  if (off == ~0u || off >= filetab_.size()) return "?";
  auto* p = reinterpret_cast<const char*>(filetab_.data() + off);
  return std::string_view(p, strnlen(p, filetab_.size() - off));
}

// Go 1.20+: {funcID u8, pad[3], nameOff i32, parentPc i32, startLine i32}.
// Go 1.18-1.19: {parent i16, funcID u8, pad u8, file i32, line i32, nameOff i32, parentPc i32}.
std::optional<InlinedCall> Pclntab::InlineTreeEntry(const FuncInfo& f, int32_t index) const {
  auto base = FuncDataOffset(f, kFuncdataInlTree);
  if (!base || index < 0) return std::nullopt;
  uint64_t size = format_ >= 120 ? 16 : 20;
  auto b = image_.BytesAt(gofunc_ + *base + static_cast<uint64_t>(index) * size, size);
  if (b.empty()) return std::nullopt;
  InlinedCall c;
  if (format_ >= 120) {
    c.func_id = b[0];
    c.name_off = static_cast<int32_t>(U32(b, 4));
    c.parent_pc = static_cast<int32_t>(U32(b, 8));
  } else {
    c.func_id = b[2];
    c.name_off = static_cast<int32_t>(U32(b, 12));
    c.parent_pc = static_cast<int32_t>(U32(b, 16));
  }
  return c;
}

}  // namespace gf
