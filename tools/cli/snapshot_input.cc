#include "tools/cli/snapshot_input.h"

#include "gruntime/goroutine_reader.h"
#include "readers/goroutine_profile.h"
#include "readers/input_kind.h"
#include "readers/read_error.h"
#include "tools/cli/command_line.h"

namespace gf::cli {

SiteSnapshot ReadSiteSnapshot(const std::string& path, const std::string& exe) {
  if (IdentifyInput(path).kind == InputKind::kCore) {
    auto target = Target::Open(path, exe);
    auto snap = ReadGoroutines(*target);
    WarnOnStderr(target->warnings());
    WarnOnStderr(snap.warnings);
    return {SitesOfCore(snap), target->build_id()};
  }
  if (!exe.empty()) throw UsageError(path + " is a goroutine profile, not a core: it takes no executable");
  return {SitesOfProfile(ReadGoroutineProfile(path)), ""};
}

void CheckSameBuild(const std::string& old_path, const std::string& old_build_id, const std::string& new_path,
                    const std::string& new_build_id, bool force) {
  if (!old_build_id.empty() && !new_build_id.empty() && old_build_id != new_build_id && !force)
    throw ReadError(new_path, "is a core of another build than " + old_path + " (Go build ID " + new_build_id +
                                  ", not " + old_build_id + "); --force diffs them anyway");
}

}  // namespace gf::cli
