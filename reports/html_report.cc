#include "reports/html_report.h"

#include "reports/html_page.h"
#include "reports/html_sections.h"

namespace gf {
namespace {

struct HtmlSection {
  Markup id, title;
  bool (*shown)(const ReportData&);
  void (*write)(HtmlWriter&, const ReportData&);
};

bool Always(const ReportData&) { return true; }
bool HasTrace(const ReportData& d) { return d.trace != nullptr; }
bool HasRetained(const ReportData& d) { return d.retained != nullptr; }
bool HasBaseline(const ReportData& d) { return d.growth != nullptr; }

// Page order. A new view is one more entry and one more html_<view>.cc.
constexpr HtmlSection kSections[] = {
    {"verdict", "Verdict", Always, WriteVerdictSection},
    {"goroutines", "Goroutines", Always, WriteGoroutinesSection},
    {"growth", "Growth since the baseline", HasBaseline, WriteGrowthSection},
    {"suspects", "Leak suspects", Always, WriteSuspectsSection},
    {"heap", "Heap", Always, WriteHeapSection},
    {"retained", "Retained heap", HasRetained, WriteRetainedSection},
    {"trace", "Execution trace", HasTrace, WriteTraceSection},
};

void WriteHeader(HtmlWriter& w, const ReportData& d) {
  w.Raw("<header>\n").Element("h1", "goforensics report");
  w.Element("p", "core " + d.info.core, {{"class", "meta"}});
  w.Element("p", "executable " + d.info.executable + " (" + d.info.go_version + ", build ID " + d.info.build_id + ")",
            {{"class", "meta"}});
  w.Raw("<nav>");
  for (const auto& s : kSections)
    if (s.shown(d)) w.Element("a", s.title.view(), {{"href", "#" + std::string(s.id.view())}});
  w.Raw("</nav>\n</header>\n<main>\n");
}

}  // namespace

void WriteReportHtml(std::ostream& out, const ReportData& d) {
  HtmlWriter w(out);
  BeginHtmlPage(w, "goforensics: " + d.info.core);
  WriteHeader(w, d);
  for (const auto& s : kSections) {
    if (!s.shown(d)) continue;
    w.Open("section", {{"id", std::string(s.id.view())}}).Element("h2", s.title.view());
    s.write(w, d);
    w.Close("section").Raw("\n");
  }
  w.Raw("</main>\n");
  EndHtmlPage(w);
}

}  // namespace gf
