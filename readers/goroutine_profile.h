#pragma once
// Goroutine profiles in the three forms Go serves at /debug/pprof/goroutine:
// the pprof proto (default), ?debug=1 (stacks with counts) and ?debug=2
// (one traceback per goroutine), read into one model. What each form
// holds differs: only debug=2 has statuses, wait times and creation sites;
// debug=1 and the proto have counts, stacks and labels.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "readers/pprof_profile.h"

namespace gf {

enum class GoroutineProfileForm { kProto, kDebug1, kDebug2 };
const char* FormName(GoroutineProfileForm form);  // "proto", "debug=1", "debug=2"

struct ProfileGoroutineGroup {
  uint64_t count = 0;
  std::vector<PprofFrame> stack;  // leaf first, inlined frames expanded; address 0 when the form has none
  std::string status;             // "chan receive", ... (debug=2 only, else empty)
  std::optional<PprofFrame> created_by;  // the go statement: function, file, line (debug=2 only)
  std::vector<std::pair<std::string, std::string>> labels;
  std::optional<int64_t> max_wait_minutes;  // debug=2 only
  std::vector<uint64_t> goroutine_ids;      // debug=2 only
};

struct GoroutineProfile {
  GoroutineProfileForm form = GoroutineProfileForm::kProto;
  uint64_t total = 0;  // goroutines
  std::vector<ProfileGoroutineGroup> groups;
  bool has_status() const { return form == GoroutineProfileForm::kDebug2; }
  bool has_creation_site() const { return form == GoroutineProfileForm::kDebug2; }
};

// The form is recognised by content (gzip or zstd compressed or not).
// Throws ReadError naming `source` when the input is none of the three, or
// a damaged one.
GoroutineProfile ParseGoroutineProfile(std::string_view bytes, const std::string& source);
GoroutineProfile ReadGoroutineProfile(const std::string& path);

// Labels as Go prints them: {"k":"v", "k2":"v2"}, the braces already
// stripped. Text that does not parse is kept whole under the key "labels".
std::vector<std::pair<std::string, std::string>> ParseLabelText(std::string_view text);

}  // namespace gf
