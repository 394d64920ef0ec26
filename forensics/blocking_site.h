#pragma once
// Where a goroutine blocks and where it was created, as source sites: the
// innermost frame outside the Go distribution (see BlockingFrame) is the
// line a reader goes to fix. Shared by leak suspects and the goroutine
// table of the report so they always name the same line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "forensics/leak_patterns.h"
#include "gruntime/goroutine_reader.h"

namespace gf {

struct SourceSite {
  std::string function, file;
  int line = 0;
  bool operator<(const SourceSite& o) const;
};

// Every source frame of the goroutine, inlined ones included, innermost first.
std::vector<StackLine> StackLinesOf(const Goroutine& g);

// The Go distribution's root as the snapshot's runtime frames show it.
std::string_view SnapshotGoroot(const GoroutineSnapshot& snap);

// nullopt for a goroutine with no frames.
std::optional<SourceSite> BlockingSiteOf(const Goroutine& g, std::string_view goroot);
// The go statement that started it; nullopt for main and unknown creators.
std::optional<SourceSite> CreationSiteOf(const Goroutine& g);

}  // namespace gf
