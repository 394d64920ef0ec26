#include "forensics/group_signature.h"

#include <cstdio>

namespace gf {
namespace {

// FNV-1a: stable across runs, machines and builds of goforensics.
uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

// Files are left out: the same build moved to another directory keeps its
// signatures.
uint64_t GroupSignature(std::string_view status, const SourceSite& blocking, const std::optional<SourceSite>& creation) {
  std::string key = std::string(status) + "\n" + blocking.function + ":" + std::to_string(blocking.line);
  if (creation) key += "\n" + creation->function + ":" + std::to_string(creation->line);
  return Fnv1a(key);
}

std::string SignatureHex(uint64_t signature) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(signature));
  return buf;
}

}  // namespace gf
