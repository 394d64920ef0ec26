#pragma once
// A goroutine snapshot for comparing two moments of one program (`diff`,
// `report --baseline`): a core or a goroutine profile in any of its forms,
// told apart by content.
#include <string>

#include "forensics/goroutine_diff.h"

namespace gf::cli {

struct SiteSnapshot {
  GoroutineSites sites;
  std::string build_id;  // cores only
};

// `exe` only for a core; a profile given one is a UsageError.
SiteSnapshot ReadSiteSnapshot(const std::string& path, const std::string& exe);

// Sites are file:line: across builds the same line may be other code, so
// two cores of different builds are refused unless `force`.
void CheckSameBuild(const std::string& old_path, const std::string& old_build_id, const std::string& new_path,
                    const std::string& new_build_id, bool force);

}  // namespace gf::cli
