// The heap: its totals beside the runtime's own accounting, and objects by
// type (a chart of the largest, a table of the top types, the rest summed).
#include "reports/byte_size.h"
#include "reports/html_sections.h"
#include "reports/html_svg.h"

namespace gf {
namespace {

constexpr size_t kChartTypes = 15;

void TotalsRow(HtmlWriter& w, Markup name, uint64_t ours, const std::optional<uint64_t>& runtime, bool bytes) {
  auto text = [&](uint64_t v) { return bytes ? HumanBytes(v) : std::to_string(v); };
  w.Open("tr").Element("td", name.view()).Element("td", text(ours), {{"class", "num"}});
  w.Element("td", runtime ? text(*runtime) : "-", {{"class", "num"}}).Close("tr");
}

void WriteTotals(HtmlWriter& w, const HeapSnapshot& h) {
  const HeapTotals& t = h.totals;
  const auto& r = h.runtime;
  auto rt = [&](uint64_t RuntimeHeapAccounting::*field) -> std::optional<uint64_t> {
    if (!r) return std::nullopt;
    return (*r).*field;
  };
  w.Raw("<table id=\"heap-totals\"><thead><tr><th></th><th class=\"num\">read from the heap</th>"
        "<th class=\"num\">runtime's own accounting</th></tr></thead><tbody>\n");
  TotalsRow(w, "allocated (HeapAlloc)", t.alloc_bytes, rt(&RuntimeHeapAccounting::heap_alloc), true);
  TotalsRow(w, "objects (HeapObjects)", t.objects, rt(&RuntimeHeapAccounting::objects), false);
  TotalsRow(w, "in-use spans (HeapInuse)", t.in_use_bytes, rt(&RuntimeHeapAccounting::heap_in_use), true);
  TotalsRow(w, "goroutine stacks (StackInuse)", t.stack_bytes, rt(&RuntimeHeapAccounting::stacks), true);
  TotalsRow(w, "free, still backed", t.free_bytes, rt(&RuntimeHeapAccounting::heap_free), true);
  TotalsRow(w, "released to the OS (HeapReleased)", t.released_bytes, rt(&RuntimeHeapAccounting::heap_released),
            true);
  w.Raw("</tbody></table>\n");
  auto objects = [&](uint64_t n, uint64_t bytes) {
    return std::to_string(n) + " objects (" + HumanBytes(bytes) + ", " + PercentText(bytes, t.alloc_bytes) + ")";
  };
  w.Element("p",
            "Types: " + objects(t.objects - t.inferred_objects - t.unknown_objects,
                                t.alloc_bytes - t.inferred_bytes - t.unknown_bytes) +
                " recorded by the runtime, " + objects(t.inferred_objects, t.inferred_bytes) +
                " inferred from the pointers to them, " + objects(t.unknown_objects, t.unknown_bytes) + " unknown.",
            {{"class", "more"}});
}

void WriteTypeChart(HtmlWriter& w, const ReportData& d) {
  std::vector<ChartBar> bars;
  for (const auto& row : d.shown_types().first(std::min(kChartTypes, d.shown_types().size())))
    bars.push_back({HeapTypeLabel(*row.type), static_cast<double>(row.bytes), HumanBytes(row.bytes)});
  WriteBarChart(w, "heap bytes by type", bars);
}

void WriteTypeTable(HtmlWriter& w, const ReportData& d) {
  uint64_t alloc = d.leaks.heap->totals.alloc_bytes;
  w.Raw("<table id=\"heap-types\"><thead><tr><th>type</th><th class=\"num\">objects</th>"
        "<th class=\"num\">bytes</th><th class=\"num\">share</th></tr></thead><tbody>\n");
  for (const auto& row : d.shown_types()) {
    w.Open("tr", {{"class", "type"}}).Open("td").Element("code", HeapTypeLabel(*row.type)).Close("td");
    w.Element("td", std::to_string(row.count), {{"class", "num"}});
    w.Element("td", HumanBytes(row.bytes), {{"class", "num"}, {"title", std::to_string(row.bytes) + " bytes"}});
    w.Element("td", PercentText(row.bytes, alloc), {{"class", "num"}}).Close("tr").Raw("\n");
  }
  w.Raw("</tbody></table>\n");
  if (auto rest = d.types_not_shown(); rest.rows > 0) {
    w.Element("p", std::to_string(rest.rows) + " smaller types not shown: " +
                       std::to_string(rest.count) + " objects, " + HumanBytes(rest.bytes) + ".",
              {{"class", "more"}});
  }
}

}  // namespace

void WriteHeapSection(HtmlWriter& w, const ReportData& d) {
  if (!d.leaks.heap) {
    w.Element("p", "The heap could not be read: " + d.leaks.heap_unavailable);
    return;
  }
  WriteTotals(w, *d.leaks.heap);
  w.Element("h3", "Objects by type");
  WriteTypeChart(w, d);
  WriteTypeTable(w, d);
}

}  // namespace gf
