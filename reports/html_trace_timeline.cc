// With an execution trace: one timeline of the heap in use and the heap goal
// over the trace, its pauses and goroutine counts, blocked time by reason,
// and the goroutines still blocked at the end that nothing woke.
#include <algorithm>

#include "reports/byte_size.h"
#include "reports/html_sections.h"
#include "reports/html_svg.h"
#include "reports/human_duration.h"

namespace gf {
namespace {

constexpr double kWidth = 860, kHeight = 260, kLeft = 80, kRight = 70, kTop = 12, kBottom = 28;
constexpr size_t kLeaksShown = 20;

// Maps trace time, bytes (left axis) and goroutines (right axis) into the
// plot area.
struct Scale {
  int64_t start_ns, span_ns;
  uint64_t max_bytes, max_goroutines;
  double X(int64_t t) const {
    return kLeft + (kWidth - kLeft - kRight) * (t - start_ns) / std::max<double>(1, span_ns);
  }
  double Y(uint64_t b) const {
    return kHeight - kBottom - (kHeight - kTop - kBottom) * b / std::max<double>(1, max_bytes);
  }
  double YCount(uint64_t n) const {
    return kHeight - kBottom - (kHeight - kTop - kBottom) * n / std::max<double>(1, max_goroutines);
  }
};

void WriteSeries(HtmlWriter& w, const Scale& s, const std::vector<HeapSample>& series, Markup css_class) {
  if (series.empty()) return;
  std::string points;
  for (const auto& p : series) points += SvgNumber(s.X(p.time_ns)) + "," + SvgNumber(s.Y(p.bytes)) + " ";
  w.Open("polyline", {{"class", std::string(css_class.view())}, {"points", points}}).Close("polyline");
}

void WriteAxes(HtmlWriter& w, const Scale& s) {
  double bottom = kHeight - kBottom;
  w.Open("line", {{"class", "axis"}, {"x1", SvgNumber(kLeft)}, {"y1", SvgNumber(bottom)},
                  {"x2", SvgNumber(kWidth - kRight)}, {"y2", SvgNumber(bottom)}}).Close("line");
  w.Open("line", {{"class", "axis"}, {"x1", SvgNumber(kLeft)}, {"y1", SvgNumber(kTop)}, {"x2", SvgNumber(kLeft)},
                  {"y2", SvgNumber(bottom)}}).Close("line");
  for (int i = 0; i <= 4; ++i) {
    uint64_t b = s.max_bytes * i / 4;
    w.Element("text", HumanBytes(b),
              {{"x", SvgNumber(kLeft - 6)}, {"y", SvgNumber(s.Y(b) + 4)}, {"text-anchor", "end"}});
    uint64_t n = s.max_goroutines * i / 4;
    w.Element("text", std::to_string(n), {{"x", SvgNumber(kWidth - kRight + 6)}, {"y", SvgNumber(s.YCount(n) + 4)}});
    int64_t t = s.start_ns + s.span_ns * i / 4;
    w.Element("text", HumanDuration(t - s.start_ns),
              {{"x", SvgNumber(s.X(t))}, {"y", SvgNumber(kHeight - 8)}, {"text-anchor", i == 4 ? "end" : "middle"}});
  }
}

// Goroutines alive: the highest count of each bucket, so no spike is lost.
void WriteGoroutineCount(HtmlWriter& w, const Scale& s, const Timeline& t) {
  if (t.buckets.empty()) return;
  std::string points;
  for (const auto& b : t.buckets)
    points += SvgNumber(s.X(b.end_ns)) + "," + SvgNumber(s.YCount(b.max.goroutines)) + " ";
  w.Open("polyline", {{"class", "count"}, {"points", points}}).Close("polyline");
}

// Each pause a band at least a pixel wide.
void WritePauses(HtmlWriter& w, const Scale& s, const std::vector<PauseInterval>& pauses, Markup kind) {
  for (const auto& p : pauses) {
    double x = s.X(p.begin_ns), width = std::max(1.0, s.X(p.end_ns) - x);
    w.Open("rect", {{"class", std::string(kind.view())}, {"x", SvgNumber(x)}, {"y", SvgNumber(kTop)},
                    {"width", SvgNumber(width)}, {"height", SvgNumber(kHeight - kTop - kBottom)}});
    w.Element("title", std::string(kind.view()) + " " + HumanDuration(p.end_ns - p.begin_ns)).Close("rect");
  }
}

void WriteTimeline(HtmlWriter& w, const TraceSummary& t) {
  uint64_t max_bytes = 0;
  for (const auto* series : {&t.heap_in_use, &t.heap_goal})
    for (const auto& p : *series) max_bytes = std::max(max_bytes, p.bytes);
  uint64_t max_goroutines = 0;
  for (const auto& b : t.timeline.buckets) max_goroutines = std::max(max_goroutines, b.max.goroutines);
  Scale s{t.start_ns, t.end_ns - t.start_ns, max_bytes, max_goroutines};
  w.Open("svg", {{"id", "timeline"},
                 {"role", "img"},
                 {"aria-label", "goroutines, heap in use, heap goal and pauses over the trace"},
                 {"viewBox", "0 0 " + SvgNumber(kWidth) + " " + SvgNumber(kHeight)},
                 {"width", SvgNumber(kWidth)}, {"height", SvgNumber(kHeight)}});
  WritePauses(w, s, t.timeline.gc, "gc");
  WritePauses(w, s, t.timeline.stw, "stw");
  WriteAxes(w, s);
  WriteSeries(w, s, t.heap_goal, "goal");
  WriteSeries(w, s, t.heap_in_use, "in-use");
  WriteGoroutineCount(w, s, t.timeline);
  w.Close("svg");
  w.Raw("<p class=\"legend\"><span><i style=\"background:var(--bar)\"></i>heap in use (left axis)</span>"
        "<span><i style=\"background:var(--bar2)\"></i>heap goal</span>"
        "<span><i style=\"background:var(--bar3)\"></i>goroutines alive (right axis)</span>"
        "<span><i style=\"background:#f5c2c3;height:10px\"></i>GC mark phase</span>"
        "<span><i style=\"background:#e5484d;height:10px\"></i>stop-the-world</span></p>\n");
}

void WritePauseRow(HtmlWriter& w, Markup name, const PauseStats& p) {
  w.Open("tr").Element("td", name.view()).Element("td", std::to_string(p.count), {{"class", "num"}});
  for (int64_t ns : {p.total_ns, p.p50_ns, p.p99_ns, p.max_ns})
    w.Element("td", p.count ? HumanDuration(ns) : "-", {{"class", "num"}});
  w.Close("tr");
}

void WriteBlockedByReason(HtmlWriter& w, const ReportData& d) {
  const auto& reasons = d.trace->summary.reasons;
  std::vector<ChartBar> bars;
  for (size_t i = 0; i < d.trace_times.blocked_ns.size(); ++i)
    if (d.trace_times.blocked_ns[i] > 0)
      bars.push_back({reasons[i], static_cast<double>(d.trace_times.blocked_ns[i]),
                      HumanDuration(d.trace_times.blocked_ns[i])});
  std::stable_sort(bars.begin(), bars.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
  bars.push_back({"(running)", static_cast<double>(d.trace_times.running_ns), HumanDuration(d.trace_times.running_ns)});
  bars.push_back({"(runnable, waiting for a P)", static_cast<double>(d.trace_times.runnable_ns),
                  HumanDuration(d.trace_times.runnable_ns)});
  WriteBarChart(w, "goroutine time by state and blocking reason", bars);
}

void WriteTraceLeaks(HtmlWriter& w, const TraceSummary& t) {
  const auto& leaks = t.leaks;
  uint64_t total = 0;
  for (const auto& l : leaks) total += l.count;
  w.Element("p", "Blocked at the end of the trace and never woken: " + std::to_string(total) + " goroutines in " +
                     std::to_string(leaks.size()) + " groups.");
  if (leaks.empty()) return;
  w.Raw("<table id=\"trace-leaks\"><thead><tr><th class=\"num\">count</th><th>reason</th><th class=\"num\">"
        "blocked</th><th>blocking site</th><th>created by</th></tr></thead><tbody>\n");
  for (const auto& l : std::span(leaks).first(std::min(leaks.size(), kLeaksShown))) {
    w.Open("tr").Element("td", std::to_string(l.count), {{"class", "num"}}).Element("td", l.reason);
    w.Element("td", HumanDuration(l.min_blocked_ns) + "–" + HumanDuration(l.max_blocked_ns), {{"class", "num"}});
    w.Open("td");
    WriteSourceSite(w, l.blocking_site);
    w.Close("td").Open("td");
    if (l.creation_site) WriteSourceSite(w, *l.creation_site);
    else w.Text("(before the trace began)");
    w.Close("td").Close("tr").Raw("\n");
  }
  w.Raw("</tbody></table>\n");
}

}  // namespace

void WriteTraceSection(HtmlWriter& w, const ReportData& d) {
  const TraceSummary& t = d.trace->summary;
  w.Element("p", d.trace->reader.path() + ": " + HumanDuration(t.end_ns - t.start_ns) + ", " +
                     std::to_string(t.events) + " events; goroutines created " + std::to_string(t.created) +
                     ", ended " + std::to_string(t.ended) + ", alive at start " + std::to_string(t.alive_at_start) +
                     ", alive at end " + std::to_string(t.alive_at_end) + ".");
  WriteTimeline(w, t);
  w.Raw("<table id=\"trace-pauses\"><thead><tr><th>pauses</th><th class=\"num\">count</th><th class=\"num\">total"
        "</th><th class=\"num\">p50</th><th class=\"num\">p99</th><th class=\"num\">max</th></tr></thead><tbody>\n");
  WritePauseRow(w, "stop-the-world", t.stw);
  WritePauseRow(w, "GC cycles (mark phase)", t.gc);
  w.Raw("</tbody></table>\n");
  w.Element("h3", "Goroutine time by state");
  WriteBlockedByReason(w, d);
  WriteTraceLeaks(w, t);
}

}  // namespace gf
