// Growth between an earlier snapshot (the baseline: a core or a goroutine
// profile) and this core: which goroutine groups grew or appeared, which
// shrank or went away (a bar chart of the largest changes, then the table).
#include "reports/html_sections.h"
#include "reports/html_svg.h"

namespace gf {
namespace {

constexpr size_t kChartChanges = 15;

std::string Signed(int64_t v) { return (v > 0 ? "+" : "") + std::to_string(v); }

std::string ChangeLabel(const GroupChange& c) {
  return (c.status.empty() ? "" : "[" + c.status + "] ") + c.blocking_site.function;
}

void WriteSummary(HtmlWriter& w, const DiffReport& r) {
  const GoroutineDiff& d = r.diff;
  w.Element("p", "baseline " + r.old_input.path + " (" + r.old_input.sites.form + ", " +
                     std::to_string(d.old_total) + " goroutines) -> this core (" + std::to_string(d.new_total) +
                     " goroutines, " + Signed(static_cast<int64_t>(d.new_total) - static_cast<int64_t>(d.old_total)) +
                     "): " + std::to_string(d.changes.size()) + " groups changed, " +
                     std::to_string(d.unchanged_groups) + " unchanged; groups matched by " + MatchedBy(d) + ".",
            {{"id", "growth-summary"}});
}

void WriteChart(HtmlWriter& w, const ReportData& d) {
  std::vector<ChartBar> bars;
  for (const auto& c : d.shown_changes().first(std::min(kChartChanges, d.shown_changes().size())))
    bars.push_back({ChangeLabel(c), static_cast<double>(c.growth() < 0 ? -c.growth() : c.growth()),
                    Signed(c.growth()) + " (" + std::to_string(c.old_count) + " -> " + std::to_string(c.new_count) +
                        ")"});
  WriteBarChart(w, "largest changes in goroutine count", bars);
}

void WriteChangeRow(HtmlWriter& w, const GroupChange& c) {
  w.Open("tr", {{"class", "change filterable"}});
  w.Element("td", Signed(c.growth()), {{"class", "num"}});
  w.Element("td", std::to_string(c.old_count), {{"class", "num"}});
  w.Element("td", std::to_string(c.new_count), {{"class", "num"}});
  w.Element("td", ChangeName(c.change));
  w.Element("td", c.status.empty() ? "-" : c.status);
  w.Open("td").Open("details").Open("summary");
  WriteSourceSite(w, c.blocking_site);
  w.Close("summary").Open("pre");
  for (const auto& s : c.stack) w.Text(s.function + "\n\t" + s.file + ":" + std::to_string(s.line) + "\n");
  w.Close("pre").Close("details").Close("td").Open("td");
  if (c.creation_site) WriteSourceSite(w, *c.creation_site);
  w.Close("td").Close("tr").Raw("\n");
}

}  // namespace

void WriteGrowthSection(HtmlWriter& w, const ReportData& d) {
  WriteSummary(w, *d.growth);
  WriteChart(w, d);
  w.Raw("<table id=\"growth-changes\"><thead><tr><th class=\"num\">change</th><th class=\"num\">baseline</th>"
        "<th class=\"num\">now</th><th></th><th>state</th><th>blocking site (click for the stack)</th>"
        "<th>created by</th></tr></thead><tbody>\n");
  for (const auto& c : d.shown_changes()) WriteChangeRow(w, c);
  w.Raw("</tbody></table>\n");
  if (auto rest = d.changes_not_shown(); rest.rows > 0)
    w.Element("p", std::to_string(rest.rows) + " smaller changes not shown (" + std::to_string(rest.count) +
                       " goroutines); `goforensics diff` lists all.",
              {{"class", "more"}});
}

}  // namespace gf
