// The verdict: three sentences at the top of the page, coloured by how bad.
#include "reports/html_sections.h"
#include "reports/report_verdict.h"

namespace gf {
namespace {

// A broken core can warn once per goroutine: the first few say what it is.
void WriteWarnings(HtmlWriter& w, const std::vector<std::string>& a, const std::vector<std::string>& b) {
  constexpr size_t kShown = 20;
  size_t total = a.size() + b.size();
  for (size_t i = 0; i < total && i < kShown; ++i)
    w.Element("p", "warning: " + (i < a.size() ? a[i] : b[i - a.size()]), {{"class", "warning"}});
  if (total > kShown)
    w.Element("p", "and " + std::to_string(total - kShown) + " more warnings", {{"class", "warning"}});
}

}  // namespace

void WriteVerdictSection(HtmlWriter& w, const ReportData& d) {
  Verdict v = VerdictOf(d);
  switch (v.severity) {
    case Severity::kProvenLeaks: w.Open("div", {{"class", "verdict bad"}, {"id", "verdict-box"}}); break;
    case Severity::kSuspects: w.Open("div", {{"class", "verdict warn"}, {"id", "verdict-box"}}); break;
    case Severity::kOk: w.Open("div", {{"class", "verdict ok"}, {"id", "verdict-box"}}); break;
  }
  w.Element("p", v.leaks, {{"id", "verdict-leaks"}});
  w.Element("p", v.suspects, {{"id", "verdict-suspects"}});
  w.Element("p", v.heap, {{"id", "verdict-heap"}});
  w.Close("div").Raw("\n");
  WriteWarnings(w, d.info.warnings, d.leaks.goroutines.warnings);
}

}  // namespace gf
