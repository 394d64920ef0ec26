#include "reports/audit_html_report.h"

#include <algorithm>
#include <ctime>

#include "reports/byte_size.h"
#include "reports/html_page.h"
#include "reports/html_svg.h"

namespace gf {
namespace {

constexpr size_t kMaxRows = 500;  // an archive of thousands of dumps stays a readable page

std::string DumpTime(int64_t ns) {
  if (ns <= 0) return "";
  std::time_t t = static_cast<std::time_t>(ns / 1'000'000'000);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::gmtime(&t));
  return buf;
}

void WriteVerdict(HtmlWriter& w, const FleetSummary& f) {
  size_t leaking_dumps = 0;
  uint64_t proven = 0;
  for (const auto& d : f.worst) {
    if (d.proven > 0) leaking_dumps++;
    proven += d.proven;
  }
  w.Open("section", {{"id", "verdict"}}).Open("div", {{"class", proven ? "verdict bad" : "verdict ok"}});
  w.Element("p", std::to_string(f.inputs) + " inputs (" + HumanBytes(f.bytes) + "): " + std::to_string(f.ok) +
                     " analysed, " + std::to_string(f.failed) + " failed.",
            {{"id", "verdict-inputs"}});
  w.Element("p", std::to_string(proven) + " goroutines proven leaked in " + std::to_string(leaking_dumps) +
                     " dumps; " + std::to_string(f.signatures.size()) + " distinct leak signatures.",
            {{"id", "verdict-leaks"}});
  if (!f.signatures.empty())
    w.Element("p", "Most widespread: " + f.signatures.front().leak_class + " at " + f.signatures.front().blocking +
                       ", in " + std::to_string(f.signatures.front().dumps) + " dumps.");
  w.Close("div").Close("section");
}

// Goroutines of one signature per dump, in dump-time order: the growth.
std::string Trend(const FleetSignature& s) {
  std::string out;
  size_t n = s.sightings.size(), shown = std::min<size_t>(n, 12);
  for (size_t i = n - shown; i < n; i++) out += (out.empty() ? "" : " → ") + std::to_string(s.sightings[i].count);
  return n > shown ? "… → " + out : out;
}

void WriteSignatures(HtmlWriter& w, const FleetSummary& f) {
  w.Open("section", {{"id", "signatures"}}).Element("h2", "Leak signatures across the fleet");
  std::vector<ChartBar> bars;
  for (size_t i = 0; i < f.signatures.size() && i < 15; i++)
    bars.push_back({f.signatures[i].leak_class + " " + f.signatures[i].blocking,
                    static_cast<double>(f.signatures[i].dumps), std::to_string(f.signatures[i].dumps) + " dumps"});
  if (!bars.empty()) WriteBarChart(w, "dumps per leak signature", bars);
  w.Open("table", {{"id", "signature-table"}}).Raw(
      "<thead><tr><th>signature</th><th>class</th><th class=\"num\">dumps</th><th class=\"num\">goroutines</th>"
      "<th class=\"num\">proven</th><th>blocking site</th><th>created by</th><th>goroutines per dump over time</th></tr></thead><tbody>");
  for (size_t i = 0; i < f.signatures.size() && i < kMaxRows; i++) {
    const auto& s = f.signatures[i];
    w.Open("tr", {{"class", "filterable group"}})
        .Element("td", s.signature, {{"class", "mono"}})
        .Element("td", s.leak_class)
        .Element("td", std::to_string(s.dumps), {{"class", "num"}})
        .Element("td", std::to_string(s.goroutines), {{"class", "num"}})
        .Element("td", std::to_string(s.proven), {{"class", "num"}})
        .Element("td", s.blocking, {{"class", "loc"}})
        .Element("td", s.created_by, {{"class", "loc"}})
        .Element("td", Trend(s), {{"class", "mono"}})
        .Close("tr");
  }
  w.Raw("</tbody>").Close("table");
  if (f.signatures.size() > kMaxRows)
    w.Element("p", std::to_string(f.signatures.size() - kMaxRows) + " more signatures in the JSON lines", {{"class", "more"}});
  w.Close("section");
}

void WriteWorst(HtmlWriter& w, const FleetSummary& f) {
  w.Open("section", {{"id", "dumps"}}).Element("h2", "Dumps, worst first");
  w.Open("table", {{"id", "dump-table"}}).Raw(
      "<thead><tr><th>input</th><th>kind</th><th>Go</th><th>dumped (UTC)</th><th class=\"num\">goroutines</th>"
      "<th class=\"num\">proven leaked</th><th class=\"num\">in suspect groups</th><th class=\"num\">heap in use</th></tr></thead><tbody>");
  for (size_t i = 0; i < f.worst.size() && i < kMaxRows; i++) {
    const auto& d = f.worst[i];
    w.Open("tr", {{"class", "filterable"}})
        .Element("td", d.path, {{"class", "loc"}})
        .Element("td", d.kind)
        .Element("td", d.go_version)
        .Element("td", DumpTime(d.dump_time_ns))
        .Element("td", std::to_string(d.goroutines), {{"class", "num"}})
        .Element("td", std::to_string(d.proven), {{"class", "num"}})
        .Element("td", std::to_string(d.suspect_goroutines), {{"class", "num"}})
        .Element("td", d.heap_in_use ? HumanBytes(d.heap_in_use) : "", {{"class", "num"}})
        .Close("tr");
  }
  w.Raw("</tbody>").Close("table").Close("section");
}

void WriteFailures(HtmlWriter& w, const FleetSummary& f) {
  w.Open("section", {{"id", "failures"}}).Element("h2", "Failed inputs (" + std::to_string(f.failures.size()) + ")");
  w.Open("table", {{"id", "failure-table"}}).Raw("<thead><tr><th>input</th><th>kind</th><th>reason</th></tr></thead><tbody>");
  for (size_t i = 0; i < f.failures.size() && i < kMaxRows; i++)
    w.Open("tr", {{"class", "filterable"}})
        .Element("td", f.failures[i].path, {{"class", "loc"}})
        .Element("td", f.failures[i].kind)
        .Element("td", f.failures[i].reason)
        .Close("tr");
  w.Raw("</tbody>").Close("table").Close("section");
}

}  // namespace

void WriteAuditHtml(std::ostream& out, const FleetSummary& fleet) {
  HtmlWriter w(out);
  BeginHtmlPage(w, "goforensics audit");
  w.Open("header").Element("h1", "goforensics audit");
  w.Raw("<nav><a href=\"#signatures\">Signatures</a><a href=\"#dumps\">Dumps</a><a href=\"#failures\">Failures</a></nav>");
  w.Close("header").Open("main");
  WriteVerdict(w, fleet);
  w.Raw("<div class=\"filter\"><input id=\"stack-filter\" type=\"search\" placeholder=\"filter by path, site, class\">"
        "<span id=\"filter-status\"></span></div>");
  WriteSignatures(w, fleet);
  WriteWorst(w, fleet);
  WriteFailures(w, fleet);
  w.Close("main");
  EndHtmlPage(w);
}

}  // namespace gf
