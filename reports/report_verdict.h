#pragma once
// The report's verdict: three sentences a reader acts on first, the same
// in the HTML, text and JSON renderings.
#include <string>

#include "reports/report_data.h"

namespace gf {

enum class Severity { kOk, kSuspects, kProvenLeaks };

struct Verdict {
  Severity severity = Severity::kOk;
  std::string leaks;     // what is proven leaked (or why nothing could be proven)
  std::string suspects;  // the top suspects
  std::string heap;      // the heap they alone keep alive
};

Verdict VerdictOf(const ReportData& d);

// "main.go:42" for a site in /src/app/main.go.
std::string ShortLocation(const SourceSite& s);

}  // namespace gf
