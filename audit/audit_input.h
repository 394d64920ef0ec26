#pragma once
// One file of an archive being audited: what it is (by content) and the key
// its result is stored under.
#include <cstdint>
#include <string>

#include "readers/input_kind.h"

namespace gf {

struct AuditInput {
  std::string path;
  InputIdentity identity;
  std::string identify_error;  // why the file could not even be identified
  uint64_t size = 0;
  int64_t modified_ns = 0;
  std::string key;  // content hash: a result under this key is reused on a rerun
};

}  // namespace gf
