#include "reports/html_svg.h"

#include <algorithm>
#include <cstdio>

namespace gf {
namespace {

constexpr double kWidth = 860, kLabelWidth = 300, kValueWidth = 110, kRowHeight = 22;
constexpr size_t kLabelChars = 46;

}  // namespace

std::string PercentText(double part, double whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole > 0 ? 100.0 * part / whole : 0.0);
  return buf;
}

std::string SvgNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Shortened(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) continue;  // inside a character
    if (chars++ == max_chars) return std::string(text.substr(0, i)) + "…";
  }
  return std::string(text);
}

void WriteBarChart(HtmlWriter& w, std::string_view title, std::span<const ChartBar> bars) {
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  double height = kRowHeight * bars.size() + 4;
  double bar_space = kWidth - kLabelWidth - kValueWidth;
  w.Open("svg", {{"class", "bars"},
                 {"role", "img"},
                 {"aria-label", std::string(title)},
                 {"viewBox", "0 0 " + SvgNumber(kWidth) + " " + SvgNumber(height)},
                 {"width", SvgNumber(kWidth)},
                 {"height", SvgNumber(height)}});
  for (size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    double y = kRowHeight * i + 2;
    double length = max > 0 ? std::max(1.0, bar_space * b.value / max) : 1.0;
    w.Open("g").Element("title", b.label + ": " + b.value_label);
    w.Element("text", Shortened(b.label, kLabelChars),
              {{"x", SvgNumber(kLabelWidth - 8)}, {"y", SvgNumber(y + 15)}, {"text-anchor", "end"}});
    w.Open("rect", {{"class", "bar"},
                    {"x", SvgNumber(kLabelWidth)},
                    {"y", SvgNumber(y + 3)},
                    {"width", SvgNumber(length)},
                    {"height", SvgNumber(kRowHeight - 6)}})
        .Close("rect");
    w.Element("text", b.value_label, {{"x", SvgNumber(kLabelWidth + length + 6)}, {"y", SvgNumber(y + 15)}});
    w.Close("g");
  }
  w.Close("svg").Raw("\n");
}

}  // namespace gf
