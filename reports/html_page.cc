#include "reports/html_page.h"

namespace gf {
namespace {

constexpr Markup kHead =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; img-src data:\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<link rel=\"icon\" href=\"data:,\">\n";

constexpr Markup kStyle = R"(<style>
:root { --fg: #1d2330; --muted: #5c6577; --line: #d9dde5; --bg: #fff; --panel: #f5f7fa;
        --bad: #b42318; --bad-bg: #fef3f2; --warn: #b54708; --warn-bg: #fffaeb; --ok: #067647; --ok-bg: #ecfdf3;
        --bar: #3e63dd; --bar2: #e5484d; --bar3: #12a594; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 16px 28px 8px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 4px; font-size: 20px; }
header .meta { margin: 0; color: var(--muted); word-break: break-all; }
nav { margin-top: 8px; }
nav a { margin-right: 14px; color: var(--bar); text-decoration: none; font-weight: 600; }
main { padding: 8px 28px 40px; max-width: 1400px; }
section { margin-top: 26px; }
h2 { font-size: 17px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
code, pre, .loc, .mono { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.loc { color: var(--muted); }
pre { background: var(--panel); border: 1px solid var(--line); padding: 8px 10px; overflow-x: auto; margin: 6px 0; }
.verdict { border: 1px solid; border-radius: 6px; padding: 10px 16px; }
.verdict p { margin: 6px 0; font-size: 15px; }
.verdict.bad { border-color: var(--bad); background: var(--bad-bg); }
.verdict.warn { border-color: var(--warn); background: var(--warn-bg); }
.verdict.ok { border-color: var(--ok); background: var(--ok-bg); }
.warning { color: var(--warn); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); position: sticky; top: 0; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
details summary { cursor: pointer; }
details pre { max-height: 480px; }
.ids { color: var(--muted); font-size: 12px; margin: 2px 0 4px; word-break: break-all; }
.filter { margin: 10px 0; display: flex; gap: 12px; align-items: center; }
.filter input { width: 420px; max-width: 100%; padding: 6px 8px; font-size: 14px; border: 1px solid var(--line); border-radius: 4px; }
.suspect { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.suspect.proven { border-left: 5px solid var(--bad); }
.suspect dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0; }
.suspect dt { color: var(--muted); }
.suspect dd { margin: 0; }
.badge { display: inline-block; border-radius: 3px; padding: 0 6px; font-size: 12px; font-weight: 600; }
.badge.bad { background: var(--bad); color: #fff; }
.badge.warn { background: var(--warn-bg); color: var(--warn); border: 1px solid var(--warn); }
.more { color: var(--muted); font-style: italic; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font: 12px system-ui, sans-serif; fill: var(--fg); }
svg .axis { stroke: var(--line); }
svg .bar { fill: var(--bar); }
svg .in-use { fill: none; stroke: var(--bar); stroke-width: 2; }
svg .goal { fill: none; stroke: var(--bar2); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg .count { fill: none; stroke: var(--bar3); stroke-width: 2; }
svg .gc { fill: #f5c2c3; opacity: 0.6; }
svg .stw { fill: var(--bar2); opacity: 0.8; }
svg .flame { fill: #c9d6fb; stroke: var(--bg); }
svg .flame.root { fill: #9db1f5; }
.legend span { margin-right: 16px; }
.legend i { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 4px; }
</style>
)";

// Filters every .filterable element (goroutine groups, suspects) by the
// text it holds, stacks included; the lower-cased texts are read once.
constexpr Markup kScript = R"(<script>
(function () {
  var box = document.getElementById('stack-filter');
  if (!box) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll('.filterable'));
  var texts = null, timer = 0;
  var status = document.getElementById('filter-status');
  function apply() {
    if (!texts) texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    var q = box.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (r, i) {
      var hit = !q || texts[i].indexOf(q) >= 0;
      r.hidden = !hit;
      if (hit && r.classList.contains('group')) shown++;
    });
    status.textContent = q ? shown + ' matching groups' : '';
  }
  box.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
})();
</script>
)";

}  // namespace

void BeginHtmlPage(HtmlWriter& w, std::string_view title) {
  w.Raw(kHead).Element("title", title).Raw("\n").Raw(kStyle).Raw("</head>\n<body>\n");
}

void EndHtmlPage(HtmlWriter& w) { w.Raw(kScript).Raw("</body>\n</html>\n"); }

}  // namespace gf
