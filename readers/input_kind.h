#pragma once
// What an input file is, told by its content, not its name: archives hold
// "core.1234", "dump", "trace.out.zst" alike. Only a prefix is read (and
// decompressed), so recognising a many-GB core costs nothing.
#include <string>

#include "readers/decompress.h"

namespace gf {

enum class InputKind {
  kCore,             // ELF core file
  kExecutable,       // ELF executable or shared object built by Go
  kOtherElf,         // an ELF file that is neither
  kTrace,            // Go execution trace ("go 1.N trace")
  kPprof,            // pprof protocol buffer (usually gzipped)
  kGoroutineText,    // goroutine dump text: debug=1/2 profiles, tracebacks
  kUnknown,
};

struct InputIdentity {
  InputKind kind = InputKind::kUnknown;
  Compression compression = Compression::kNone;
};

const char* InputKindName(InputKind kind);

// Throws ReadError when the file cannot be read or its compressed prefix is corrupt.
InputIdentity IdentifyInput(const std::string& path);

}  // namespace gf
