#pragma once
// The leak view of an execution trace: goroutines still blocked at the end
// that nothing woke since they blocked, folded exactly as the core-dump
// leak view folds goroutines (forensics/leak_suspects): by wait reason,
// blocking site (BlockingFrame) and creation site, with the same pattern
// classes, fix hints and group signatures (GroupSignature), so that one
// leak is named alike in a trace and in a core of the same program. The
// runtime's own goroutines are never suspects, by the core view's rule.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "forensics/blocking_site.h"
#include "forensics/leak_patterns.h"
#include "readers/trace/stack_table.h"

namespace gf {

// A goroutine blocked at the end of the trace.
struct BlockedAtEnd {
  uint64_t goid = 0;
  StackId creation = 0;  // the creator's stack at the go statement; 0: before the trace
  StackId start = 0;     // the new goroutine's start function; 0: unknown
  StackId block = 0;     // where it blocked
  std::string_view reason;  // as the trace names the block
  int64_t blocked_ns = 0;   // how long, at the end
  double site_growth_per_sec = 0;
};

struct TraceLeak {
  std::string status;  // the wait reason a core would show (CoreWaitReason)
  std::string reason;  // as the trace names it
  SourceSite blocking_site;
  std::optional<SourceSite> creation_site;
  const PatternInfo* pattern = nullptr;
  uint64_t signature = 0;
  StackId creation = 0, block = 0;  // one member's stacks, for display
  uint64_t count = 0;
  int64_t min_blocked_ns = 0, max_blocked_ns = 0;
  double growth_per_sec = 0;  // of the creation site's goroutine count
  std::vector<uint64_t> goids;  // ascending
};

// Largest first.
std::vector<TraceLeak> FindTraceLeaks(std::span<const BlockedAtEnd> blocked, const StackTable& stacks, int go_minor);

}  // namespace gf
