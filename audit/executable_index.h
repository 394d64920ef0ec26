#pragma once
// Pairs each core with its executable. Archives keep cores apart from the
// binaries, under other names and paths, so the pairing goes by the Go
// build ID the core itself holds; the path the core's NT_FILE note names is
// the fallback when that file is still there and no ID says otherwise.
#include <map>
#include <string>
#include <vector>

#include "audit/audit_input.h"

namespace gf {

class ElfCore;

class ExecutableIndex {
 public:
  // Indexes the executables among the inputs and in the extra folders.
  ExecutableIndex(const std::vector<AuditInput>& inputs, const std::vector<std::string>& exe_dirs);

  size_t size() const { return by_build_id_.size(); }
  // Throws ReadError naming the core when no executable fits.
  std::string ExecutableFor(const ElfCore& core) const;

 private:
  void Add(const std::string& path);

  std::map<std::string, std::string> by_build_id_;
};

}  // namespace gf
