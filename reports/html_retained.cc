// The retained heap: who keeps it alive, as a flame graph (root -> the types
// along the dominator chain -> the objects' type; width is bytes) and the
// table of the top retainer paths.
#include "reports/byte_size.h"
#include "reports/html_sections.h"
#include "reports/html_svg.h"
#include "reports/retained_report.h"

namespace gf {
namespace {

constexpr double kWidth = 1000, kBoxHeight = 18, kCharWidth = 7;

void WriteTotals(HtmlWriter& w, const RetainedHeap& r) {
  w.Element("p", HumanBytes(r.reachable_bytes) + " in " + std::to_string(r.reachable_objects) +
                     " objects reachable from " + std::to_string(r.roots.size()) + " roots (globals, goroutine "
                     "stacks, finalizers); " + HumanBytes(r.shared_bytes) + " of it reachable from several roots, "
                     "so retained by none alone; " + HumanBytes(r.heap_bytes - r.reachable_bytes) +
                     " unreachable (garbage not yet collected).",
            {{"id", "retained-totals"}});
}

void WriteFlame(HtmlWriter& w, const ReportData& d) {
  const RetainedHeap& r = *d.retained;
  uint32_t depth = 0;
  for (const auto& b : d.retained_flame) depth = std::max(depth, b.depth + 1);
  double height = kBoxHeight * depth + 2;
  double scale = r.reachable_bytes ? kWidth / static_cast<double>(r.reachable_bytes) : 0;
  w.Open("svg", {{"id", "retained-flame"},
                 {"role", "img"},
                 {"aria-label", "retained heap: root, path, type; width is bytes"},
                 {"viewBox", "0 0 " + SvgNumber(kWidth) + " " + SvgNumber(height)},
                 {"width", SvgNumber(kWidth)},
                 {"height", SvgNumber(height)}});
  for (const auto& b : d.retained_flame) {
    double x = scale * static_cast<double>(b.offset), width = scale * static_cast<double>(b.bytes);
    double y = kBoxHeight * b.depth;
    w.Open("g").Element("title", b.label + ": " + HumanBytes(b.bytes) + " (" + PercentText(b.bytes, r.reachable_bytes) +
                                     "), " + std::to_string(b.objects) + " objects");
    w.Open("rect", {{"class", b.depth == 0 ? "flame root" : "flame"},
                    {"x", SvgNumber(x)},
                    {"y", SvgNumber(y)},
                    {"width", SvgNumber(width)},
                    {"height", SvgNumber(kBoxHeight - 1)}})
        .Close("rect");
    if (size_t chars = static_cast<size_t>((width - 6) / kCharWidth); chars >= 4)
      w.Element("text", Shortened(b.label, chars - 1), {{"x", SvgNumber(x + 3)}, {"y", SvgNumber(y + 13)}});
    w.Close("g").Raw("\n");
  }
  w.Close("svg").Raw("\n");
  w.Element("p", "Each box is a root or a type on the way from a root down the dominator tree; its width is the "
                 "bytes it retains. Boxes under " + PercentText(kReportFlameMinShare, 1) +
                 " of the reachable heap are left out. `goforensics retained --pprof` gives the full profile.",
            {{"class", "more"}});
}

void WritePaths(HtmlWriter& w, const ReportData& d) {
  const RetainedHeap& r = *d.retained;
  const Heap& heap = d.leaks.heap->heap;
  w.Raw("<table id=\"retained-paths\"><thead><tr><th class=\"num\">retained</th><th class=\"num\">share</th>"
        "<th>kind</th><th>path (root -> where its retained bytes fan out)</th></tr></thead><tbody>\n");
  for (const auto& p : r.paths) {
    w.Open("tr", {{"class", "retainer-path"}});
    w.Element("td", HumanBytes(p.retained_bytes),
              {{"class", "num"}, {"title", std::to_string(p.retained_bytes) + " bytes"}});
    w.Element("td", PercentText(p.retained_bytes, r.reachable_bytes), {{"class", "num"}});
    w.Element("td", GcRootKindName(r.roots.roots[p.root].kind));
    w.Open("td").Element("code", RetainerPathLabel(heap, r, p)).Close("td").Close("tr").Raw("\n");
  }
  w.Raw("</tbody></table>\n");
}

}  // namespace

void WriteRetainedSection(HtmlWriter& w, const ReportData& d) {
  for (const auto& warning : d.retained->warnings) w.Element("p", "warning: " + warning, {{"class", "warning"}});
  WriteTotals(w, *d.retained);
  WriteFlame(w, d);
  w.Element("h3", "Top retainer paths");
  WritePaths(w, d);
}

}  // namespace gf
