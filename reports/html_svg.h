#pragma once
// Inline SVG charts for the HTML report: drawn by the report itself, so the
// file needs no chart library and no network.
#include <span>
#include <string>
#include <string_view>

#include "reports/html_writer.h"

namespace gf {

struct ChartBar {
  std::string label;        // shown left of the bar, shortened if long
  double value = 0;         // bar length relative to the largest
  std::string value_label;  // shown right of the bar
};

// One horizontal bar per entry; `title` names the chart for screen readers.
void WriteBarChart(HtmlWriter& w, std::string_view title, std::span<const ChartBar> bars);

// "12.3%" of whole ("0.0%" when whole is 0).
std::string PercentText(double part, double whole);

// A coordinate for an SVG attribute: one decimal.
std::string SvgNumber(double v);

// At most `max_chars` characters of UTF-8 text (never splitting one), with
// "…" when shortened.
std::string Shortened(std::string_view text, size_t max_chars);

}  // namespace gf
