#include "readers/input_kind.h"

#include <elf.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "readers/go_build_id_note.h"
#include "readers/read_error.h"

namespace gf {
namespace {

constexpr size_t kPrefix = 64 << 10;

std::vector<uint8_t> ReadPrefix(const std::string& path, size_t n) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ReadError(path, std::string("cannot open: ") + std::strerror(errno));
  std::vector<uint8_t> buf(n);
  ssize_t got = ::pread(fd, buf.data(), n, 0);
  ::close(fd);
  if (got < 0) throw ReadError(path, std::string("cannot read: ") + std::strerror(errno));
  buf.resize(static_cast<size_t>(got));
  return buf;
}

std::vector<uint8_t> DecompressedPrefix(const std::string& path, const std::vector<uint8_t>& raw, Compression c) {
  std::vector<uint8_t> out;
  try {
    Decompress(path, raw, c, [&](std::span<const uint8_t> chunk) {
      out.insert(out.end(), chunk.begin(), chunk.begin() + std::min(chunk.size(), kPrefix - out.size()));
      return out.size() < kPrefix;
    });
  } catch (const ReadError&) {
    // A compressed prefix read from a larger file ends mid-stream; only a
    // stream that yields nothing at all is corrupt.
    if (out.empty()) throw;
  }
  return out;
}

InputKind KindOfElf(std::span<const uint8_t> head) {
  if (head.size() < sizeof(Elf64_Ehdr)) return InputKind::kOtherElf;
  uint16_t type;
  std::memcpy(&type, head.data() + offsetof(Elf64_Ehdr, e_type), sizeof type);
  if (type == ET_CORE) return InputKind::kCore;
  if ((type == ET_EXEC || type == ET_DYN) && !FindGoBuildIdNote(head).empty()) return InputKind::kExecutable;
  return InputKind::kOtherElf;
}

bool StartsWith(std::span<const uint8_t> b, std::string_view p) {
  return b.size() >= p.size() && std::memcmp(b.data(), p.data(), p.size()) == 0;
}

// A pprof Profile is a protobuf message whose writers (Go's runtime/pprof,
// `go tool pprof`) start with a ValueType: sample_type (field 1) or
// period_type (field 11), each a short message of varint fields 1 and 2.
// Checking that much tells a profile from arbitrary bytes.
bool LooksLikePprof(std::span<const uint8_t> b) {
  if (b.size() < 2 || (b[0] != 0x0a && b[0] != 0x5a) || b[1] >= 0x80 || size_t{b[1]} + 2 > b.size()) return false;
  auto inner = b.subspan(2, b[1]);
  for (size_t at = 0; at < inner.size();) {
    uint8_t key = inner[at++];
    if (key != 0x08 && key != 0x10) return false;  // fields 1, 2 as varints
    while (at < inner.size() && inner[at] & 0x80) at++;
    if (at++ >= inner.size()) return false;
  }
  return true;
}

bool LooksLikeGoroutineText(std::span<const uint8_t> b) {
  std::string_view s(reinterpret_cast<const char*>(b.data()), b.size());
  return s.starts_with("goroutine profile: total ") || s.starts_with("goroutine ") ||
         s.find("\ngoroutine ") != std::string_view::npos;
}

}  // namespace

const char* InputKindName(InputKind kind) {
  switch (kind) {
    case InputKind::kCore: return "core";
    case InputKind::kExecutable: return "executable";
    case InputKind::kOtherElf: return "elf";
    case InputKind::kTrace: return "trace";
    case InputKind::kPprof: return "pprof";
    case InputKind::kGoroutineText: return "goroutine-text";
    case InputKind::kUnknown: return "unknown";
  }
  return "unknown";
}

InputIdentity IdentifyInput(const std::string& path) {
  InputIdentity id;
  std::vector<uint8_t> head = ReadPrefix(path, kPrefix);
  id.compression = CompressionOf(head);
  if (id.compression != Compression::kNone) head = DecompressedPrefix(path, head, id.compression);
  if (StartsWith(head, ELFMAG)) id.kind = KindOfElf(head);
  else if (StartsWith(head, "go 1.")) id.kind = InputKind::kTrace;  // the trace reader checks the rest
  else if (LooksLikeGoroutineText(head)) id.kind = InputKind::kGoroutineText;
  else if (LooksLikePprof(head)) id.kind = InputKind::kPprof;
  return id;
}

}  // namespace gf
