// Goroutines by state (a bar chart) and the grouped table: one row per group
// of goroutines with the same status, stack and creation site, expandable to
// the full stack, filtered by the search box.
#include <sstream>

#include "forensics/blocking_site.h"
#include "reports/goroutine_text_report.h"
#include "reports/html_sections.h"
#include "reports/html_svg.h"

namespace gf {
namespace {

constexpr size_t kShownIds = 20;

std::string WaitText(const GoroutineGroup& g) {
  if (!g.max_wait_minutes) return "";
  std::string hi = std::to_string(*g.max_wait_minutes);
  if (g.min_wait_minutes && *g.min_wait_minutes != *g.max_wait_minutes)
    return std::to_string(*g.min_wait_minutes) + "–" + hi + " min";
  return hi + " min";
}

std::string IdsText(const GoroutineGroup& g) {
  std::string s = g.members.size() == 1 ? "goroutine" : "goroutines";
  for (size_t i = 0; i < g.members.size() && i < kShownIds; ++i) s += " " + std::to_string(g.members[i]->id);
  if (g.members.size() > kShownIds) s += " … (" + std::to_string(g.members.size() - kShownIds) + " more)";
  return s;
}

void WriteStateChart(HtmlWriter& w, const ReportData& d) {
  std::vector<ChartBar> bars;
  for (const auto& s : d.states)
    bars.push_back({std::string(s.status), static_cast<double>(s.count), std::to_string(s.count)});
  WriteBarChart(w, "goroutines by state", bars);
}

void WriteGroupRow(HtmlWriter& w, const ReportData& d, const GoroutineGroup& group) {
  const Goroutine& g = group.representative();
  w.Open("tr", {{"class", "group filterable"}});
  w.Element("td", std::to_string(group.members.size()), {{"class", "num"}});
  w.Element("td", g.status);
  w.Element("td", WaitText(group), {{"class", "num"}});
  w.Open("td").Open("details").Open("summary");
  if (auto site = BlockingSiteOf(g, d.goroot)) WriteSourceSite(w, *site);
  else w.Text("(no stack)");
  w.Close("summary");
  std::ostringstream stack;
  WriteGoroutineStack(stack, g, d.frames);
  w.Element("p", IdsText(group), {{"class", "ids"}}).Element("pre", stack.str());
  w.Close("details").Close("td");
  w.Open("td");
  if (auto site = CreationSiteOf(g)) WriteSourceSite(w, *site);
  w.Close("td").Close("tr").Raw("\n");
}

}  // namespace

void WriteSourceSite(HtmlWriter& w, const SourceSite& s) {
  w.Element("code", s.function).Raw(" ").Element("span", s.file + ":" + std::to_string(s.line), {{"class", "loc"}});
}

void WriteGoroutinesSection(HtmlWriter& w, const ReportData& d) {
  const auto& snap = d.leaks.goroutines;
  w.Element("p", std::to_string(snap.goroutines.size()) + " goroutines in " + std::to_string(d.groups.size()) +
                     " groups (same status, stack and creation site); " + std::to_string(snap.dead) +
                     " dead ones not shown.");
  WriteStateChart(w, d);
  w.Raw("<div class=\"filter\"><input type=\"search\" id=\"stack-filter\" "
        "placeholder=\"filter stacks: function, file, status\" aria-label=\"filter stacks\">"
        "<span id=\"filter-status\" class=\"loc\"></span></div>\n");
  w.Raw("<table id=\"groups\"><thead><tr><th class=\"num\">count</th><th>state</th><th class=\"num\">wait</th>"
        "<th>blocking site (click for the stack)</th><th>created by</th></tr></thead>\n<tbody>\n");
  for (const auto& group : d.shown_groups()) WriteGroupRow(w, d, group);
  w.Raw("</tbody></table>\n");
  if (auto rest = d.groups_not_shown(); rest.rows > 0) {
    w.Element("p",
              std::to_string(rest.rows) + " smaller groups with " + std::to_string(rest.count) +
                  " goroutines not shown; `goforensics goroutines --group` lists all.",
              {{"class", "more"}});
  }
}

}  // namespace gf
