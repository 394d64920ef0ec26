#include "forensics/group_signature.h"

#include <cstdio>

#include "readers/fnv1a.h"

namespace gf {

// Files are left out: the same build moved to another directory keeps its
// signatures.
uint64_t GroupSignature(std::string_view status, const SourceSite& blocking, const std::optional<SourceSite>& creation) {
  std::string key = std::string(status) + "\n" + blocking.function + ":" + std::to_string(blocking.line);
  if (creation) key += "\n" + creation->function + ":" + std::to_string(creation->line);
  Fnv1a hash;
  hash.Add(key);
  return hash.value();
}

std::string SignatureHex(uint64_t signature) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(signature));
  return buf;
}

}  // namespace gf
