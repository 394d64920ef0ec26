#pragma once
// Two snapshots of one program, one diff: goroutines folded into groups by
// status, blocking site and creation site (the grouping and signature of
// `leaks`), and how each group's count changed. Either snapshot is a core or
// a goroutine profile in any form; groups are matched on what both hold:
// debug=1 and proto profiles have no status and no creation site, so a diff
// involving one matches groups by blocking site alone.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "forensics/blocking_site.h"
#include "gruntime/goroutine_reader.h"
#include "readers/goroutine_profile.h"

namespace gf {

// Goroutines of one snapshot by site; not yet folded.
struct SiteCount {
  std::string status;  // empty when the input has none
  SourceSite blocking_site;
  std::optional<SourceSite> creation_site;
  uint64_t count = 0;
  std::vector<SourceSite> stack;  // one member's stack, innermost first
};

struct GoroutineSites {
  std::string form;  // "core", "proto", "debug=1", "debug=2"
  bool has_status = false;
  bool has_creation_site = false;
  uint64_t total = 0;
  std::vector<SiteCount> groups;
};

// A core's goroutines as profiles list them: the runtime's own goroutines
// are left out, as Go leaves them out of its goroutine profiles.
GoroutineSites SitesOfCore(const GoroutineSnapshot& snap);
GoroutineSites SitesOfProfile(const GoroutineProfile& profile);

enum class Change { kGrew, kAppeared, kShrank, kDisappeared };

struct GroupChange {
  Change change = Change::kGrew;
  std::string status;  // empty when not compared
  SourceSite blocking_site;
  std::optional<SourceSite> creation_site;  // nullopt when not compared, or none
  std::vector<SourceSite> stack;            // from the newer snapshot when it has the group
  uint64_t old_count = 0, new_count = 0;
  int64_t growth() const { return static_cast<int64_t>(new_count) - static_cast<int64_t>(old_count); }
  std::optional<double> growth_percent() const;  // nullopt for a group that appeared
  uint64_t signature = 0;  // GroupSignature over the compared fields
};

struct GoroutineDiff {
  bool compared_status = false;
  bool compared_creation_site = false;
  uint64_t old_total = 0, new_total = 0;
  size_t unchanged_groups = 0;
  // Grown and appeared groups, largest growth first; then shrunk and
  // disappeared ones, largest decline first.
  std::vector<GroupChange> changes;
};

struct DiffOptions {
  uint64_t min_growth = 1;  // changes smaller than this (either way) are left out
};

GoroutineDiff DiffGoroutines(const GoroutineSites& old_sites, const GoroutineSites& new_sites,
                             const DiffOptions& options);

}  // namespace gf
