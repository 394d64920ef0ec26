#pragma once
// The page every HTML report is: one self-contained file (CSS and the
// little script inlined, charts as inline SVG) that opens from file:// with
// no network. Its Content-Security-Policy forbids every fetch, so even a
// report that somehow linked out could not load anything.
#include <string_view>

#include "reports/html_writer.h"

namespace gf {

// Writes the head, the styles and the page header; the caller writes the
// sections and then EndHtmlPage.
void BeginHtmlPage(HtmlWriter& w, std::string_view title);
// The search script and the closing tags.
void EndHtmlPage(HtmlWriter& w);

}  // namespace gf
