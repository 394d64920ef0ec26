// The report rendered for captured samples: the HTML page, the JSON and the
// text must show what the analyses found (counts, names, one table row per
// goroutine group, suspect and type), stay self-contained (one script of our
// own, no URL to load), and never let text from a core become markup.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <iostream>
#include <regex>
#include <sstream>
#include <type_traits>

#include "forensics/goroutine_diff.h"
#include "forensics/leak_analysis.h"
#include "forensics/retained_heap.h"
#include "gruntime/gc_roots.h"
#include "gruntime/target.h"
#include "readers/goroutine_profile.h"
#include "reports/byte_size.h"
#include "reports/html_report.h"
#include "reports/html_writer.h"
#include "reports/report_json.h"
#include "reports/report_text.h"
#include "reports/retained_report.h"
#include "tests/oracle/capture.h"
#include "tests/oracle/pprof_tool.h"

namespace gf::testing {
namespace {

namespace fs = std::filesystem;

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// The text between <tag id="id" ...> and the next </tag>.
std::string ElementById(const std::string& html, const std::string& tag, const std::string& id) {
  size_t open = html.find("<" + tag + " id=\"" + id + "\"");
  if (open == std::string::npos) return "";
  size_t close = html.find("</" + tag + ">", open);
  return html.substr(open, close - open);
}

// Everything a report needs, read from one core (and a trace, and a
// baseline's goroutine sites).
struct Rendered {
  std::unique_ptr<Target> target;
  std::unique_ptr<LeakAnalysis> analysis;
  std::optional<TraceReader> reader;
  std::optional<TraceSummary> summary;
  std::optional<TraceInput> trace;
  std::optional<RetainedHeap> retained;
  std::optional<GoroutineSites> now;
  std::optional<GoroutineDiff> diff;
  std::optional<DiffReport> growth;
  std::optional<TracebackFilter> frames;
  std::optional<ReportData> data;
  std::string html, json, text;

  Rendered(const fs::path& core, const fs::path& exe, const std::optional<fs::path>& trace_path, DumpInfo info,
           const GoroutineSites* baseline = nullptr) {
    target = Target::Open(core.string(), exe.string());
    analysis = AnalyzeLeaks(*target, LeakOptions{});
    ReportInputs inputs;
    if (trace_path) {
      reader.emplace(trace_path->string());
      summary = SummarizeTrace(*reader);
      inputs.trace = &trace.emplace(TraceInput{*reader, *summary});
    }
    if (analysis->heap)
      inputs.retained = &retained.emplace(AnalyzeRetained(*target, *analysis->heap, analysis->goroutines, {}));
    if (baseline) {
      now = SitesOfCore(analysis->goroutines);
      diff = DiffGoroutines(*baseline, *now, {});
      inputs.growth = &growth.emplace(DiffReport{{"baseline", *baseline}, {core.string(), *now}, *diff});
    }
    frames.emplace(target->binary().pclntab(), FrameFilter::kAll);
    data.emplace(MakeReportData(std::move(info), *analysis, *frames, inputs));
    std::ostringstream h, j, t;
    WriteReportHtml(h, *data);
    WriteReportJson(j, *data);
    WriteReportText(t, *data);
    html = h.str();
    json = j.str();
    text = t.str();
  }
};

DumpInfo InfoOf(const Target& t) {
  return {t.core().path(), t.binary().path(), t.go_version(), t.build_id(), t.warnings()};
}

// A trace of the same Go release when one was captured (any sample will do:
// the report does not require the trace to come from the core's process).
std::optional<fs::path> TraceFor(const Capture& c) {
  const char* root = std::getenv("GOFORENSICS_TRACE_CAPTURES");
  if (!root) return std::nullopt;
  fs::path p = fs::path(root) / c.dir.parent_path().filename() / "tracer-leak" / "trace.out";
  return fs::exists(p) ? std::optional(p) : std::nullopt;
}

class ReportTest : public ::testing::Test {
 public:
  explicit ReportTest(Capture c) : c_(std::move(c)) {}

  void TestBody() override {
    auto target = Target::Open(c_.core().string(), c_.exe().string());
    auto trace = TraceFor(c_);
    Rendered r(c_.core(), c_.exe(), trace, InfoOf(*target));
    const ReportData& d = *r.data;
    ExpectGoroutines(r.html, d);
    ExpectSuspects(r.html, d);
    ExpectHeap(r.html, d);
    ExpectRetained(r, d);
    ExpectSelfContained(r.html);
    if (trace) ExpectTrace(r.html, d);
    else EXPECT_EQ(r.html.find("id=\"timeline\""), std::string::npos);
    ExpectJsonAndText(r, d);
  }

 private:
  static void ExpectGoroutines(const std::string& html, const ReportData& d) {
    const auto& all = d.leaks.goroutines.goroutines;
    ASSERT_FALSE(all.empty());
    // One row per group, and their counts add up to every goroutine.
    EXPECT_EQ(Count(html, "<tr class=\"group filterable\">"), d.groups.size());
    std::regex count_cell("<tr class=\"group filterable\"><td class=\"num\">([0-9]+)</td>");
    uint64_t sum = 0;
    for (std::sregex_iterator it(html.begin(), html.end(), count_cell), end; it != end; ++it)
      sum += std::stoull((*it)[1]);
    EXPECT_EQ(sum, all.size());
    // One bar per state, every state named.
    std::string chart = ElementById(html, "section", "goroutines");
    chart = chart.substr(0, chart.find("</svg>"));
    EXPECT_EQ(Count(chart, "<rect class=\"bar\""), d.states.size());
    for (const auto& g : all) EXPECT_NE(chart.find(">" + EscapeHtml(g.status) + "<"), std::string::npos) << g.status;
    // Every goroutine's innermost function is in some row's stack.
    for (const auto& g : all) {
      if (g.frames.empty()) continue;
      EXPECT_NE(html.find(EscapeHtml(std::string(g.frames.front().sym->frames.front().function))), std::string::npos);
    }
  }

  static void ExpectSuspects(const std::string& html, const ReportData& d) {
    std::string verdict = ElementById(html, "p", "verdict-leaks");
    uint64_t proven = 0;
    for (const auto& s : d.leaks.suspects) proven += s.proven;
    if (proven > 0) {
      EXPECT_NE(verdict.find(std::to_string(proven) + " goroutine"), std::string::npos) << verdict;
    }
    EXPECT_NE(verdict.find(std::to_string(d.leaks.goroutines.goroutines.size())), std::string::npos) << verdict;
    EXPECT_EQ(Count(html, "<article class=\"suspect filterable"), d.leaks.suspects.size());
    EXPECT_EQ(Count(html, "PROVEN LEAKED") + Count(html, ">proven leaked: "), d.proven_groups());
    for (const auto& s : d.leaks.suspects) {
      EXPECT_NE(html.find(EscapeHtml(s.blocking_site.function)), std::string::npos);
      EXPECT_NE(html.find(EscapeHtml(s.pattern->hint)), std::string::npos);
      EXPECT_NE(html.find(s.SignatureHex()), std::string::npos);
      if (s.retained_bytes) {
        EXPECT_NE(html.find(HumanBytes(*s.retained_bytes)), std::string::npos);
      }
    }
  }

  static void ExpectHeap(const std::string& html, const ReportData& d) {
    if (!d.leaks.heap) {
      EXPECT_NE(html.find("The heap could not be read"), std::string::npos);
      return;
    }
    EXPECT_EQ(Count(html, "<tr class=\"type\">"), std::min(d.histogram.size(), kReportTypeRows));
    std::string totals = ElementById(html, "table", "heap-totals");
    EXPECT_NE(totals.find(HumanBytes(d.leaks.heap->totals.alloc_bytes)), std::string::npos);
    EXPECT_NE(totals.find(">" + std::to_string(d.leaks.heap->totals.objects) + "<"), std::string::npos);
    for (const auto& row : d.shown_types())
      EXPECT_NE(html.find(EscapeHtml(HeapTypeLabel(*row.type))), std::string::npos);
  }

  // One flame box per box of the aggregation and one row per retainer
  // path; each root's box is as wide as what the analysis says it retains,
  // and the boxes of one depth never overlap or pass the reachable heap.
  static void ExpectRetained(const Rendered& r, const ReportData& d) {
    if (!d.leaks.heap) {
      EXPECT_EQ(r.html.find("id=\"retained\""), std::string::npos);
      return;
    }
    ASSERT_NE(d.retained, nullptr);
    const RetainedHeap& ret = *d.retained;
    std::string section = ElementById(r.html, "section", "retained");
    ASSERT_FALSE(section.empty());
    EXPECT_EQ(Count(section, "<tr class=\"retainer-path\">"), ret.paths.size());
    for (const auto& p : ret.paths)
      EXPECT_NE(section.find(EscapeHtml(RetainerPathLabel(d.leaks.heap->heap, ret, p))), std::string::npos);
    EXPECT_EQ(Count(section, "<rect class=\"flame"), d.retained_flame.size());
    ASSERT_FALSE(d.retained_flame.empty());
    EXPECT_LE(d.retained_flame.size(), 2000u);
    std::multimap<std::string, uint64_t> by_root;
    for (const auto& row : ret.by_root) by_root.emplace(ret.roots.roots[row.root].name, row.bytes);
    std::map<uint32_t, uint64_t> end_at_depth;
    for (const auto& b : d.retained_flame) {
      EXPECT_GE(static_cast<double>(b.bytes), kReportFlameMinShare * ret.reachable_bytes) << b.label;
      EXPECT_GE(b.offset, end_at_depth[b.depth]) << b.label;
      end_at_depth[b.depth] = b.offset + b.bytes;
      EXPECT_LE(b.offset + b.bytes, ret.reachable_bytes) << b.label;
      if (b.depth != 0) continue;
      if (b.label == "(reachable from several roots)") {
        EXPECT_EQ(b.bytes, ret.shared_bytes);
        continue;
      }
      auto [lo, hi] = by_root.equal_range(b.label);
      EXPECT_TRUE(std::any_of(lo, hi, [&](const auto& e) { return e.second == b.bytes; })) << b.label;
    }
  }

  static void ExpectTrace(const std::string& html, const ReportData& d) {
    const TraceSummary& t = d.trace->summary;
    std::string timeline = ElementById(html, "svg", "timeline");
    EXPECT_EQ(Count(timeline, "<polyline"),
              !t.heap_in_use.empty() + !t.heap_goal.empty() + !t.timeline.buckets.empty());
    EXPECT_EQ(Count(timeline, "<rect class=\"gc\""), t.timeline.gc.size());
    EXPECT_EQ(Count(timeline, "<rect class=\"stw\""), t.timeline.stw.size());
    EXPECT_EQ(Count(html, "<tr><td class=\"num\">"), std::min<size_t>(t.leaks.size(), 20));
    EXPECT_NE(html.find("alive at end " + std::to_string(t.alive_at_end)), std::string::npos);
    // Every reason goroutines spent time blocked on is charted.
    for (size_t i = 0; i < d.trace_times.blocked_ns.size(); ++i) {
      if (d.trace_times.blocked_ns[i] > 0) {
        EXPECT_NE(html.find(EscapeHtml(t.reasons[i])), std::string::npos);
      }
    }
  }

  // Loads nothing: one script (ours), no src, links only within the page.
  static void ExpectSelfContained(const std::string& html) {
    EXPECT_EQ(Count(html, "<script"), 1u);
    EXPECT_EQ(Count(html, " src="), 0u);
    EXPECT_EQ(Count(html, "href=\""), Count(html, "href=\"#") + 1);  // + the data: icon
    EXPECT_EQ(Count(html, "http://") + Count(html, "https://"), Count(html, "http://www.w3.org/2000/svg"));
  }

  // The JSON parses and holds the same rows as the page.
  static void ExpectJsonAndText(const Rendered& r, const ReportData& d) {
    auto json = nlohmann::json::parse(r.json);
    EXPECT_EQ(json["schema"], "goforensics.report/v1");
    EXPECT_EQ(json["goroutines"]["groups"].size(), Count(r.html, "<tr class=\"group filterable\">"));
    EXPECT_EQ(json["goroutines"]["by_state"].size(), d.states.size());
    uint64_t sum = 0;
    for (const auto& g : json["goroutines"]["groups"]) sum += g["count"].get<uint64_t>();
    EXPECT_EQ(sum, json["goroutines"]["count"].get<uint64_t>());
    EXPECT_EQ(json["suspects"].size(), Count(r.html, "<article class=\"suspect filterable"));
    EXPECT_EQ(json["verdict"]["proven_leaked"].get<uint64_t>(), d.proven_leaked());
    EXPECT_NE(r.html.find(EscapeHtml(json["verdict"]["leaks"].get<std::string>())), std::string::npos);
    EXPECT_NE(r.html.find(EscapeHtml(json["verdict"]["suspects"].get<std::string>())), std::string::npos);
    EXPECT_NE(r.html.find(EscapeHtml(json["verdict"]["heap"].get<std::string>())), std::string::npos);
    if (d.leaks.heap) {
      EXPECT_EQ(json["heap"]["types"].size(), Count(r.html, "<tr class=\"type\">"));
      EXPECT_EQ(json["retained"]["paths"].size(), d.retained->paths.size());
      EXPECT_EQ(json["retained"]["flame"].size(), d.retained_flame.size());
      EXPECT_EQ(json["retained"]["reachable_bytes"].get<uint64_t>(), d.retained->reachable_bytes);
      EXPECT_NE(r.text.find("top retainer paths"), std::string::npos);
    } else {
      EXPECT_TRUE(json["retained"].is_null());
    }
    EXPECT_TRUE(json["growth"].is_null());
    EXPECT_EQ(json["trace"].is_null(), d.trace == nullptr);
    EXPECT_NE(r.text.find(json["verdict"]["leaks"].get<std::string>()), std::string::npos);
    EXPECT_NE(r.text.find("largest of " + std::to_string(d.groups.size()) + " groups"), std::string::npos);
  }

  Capture c_;
};

// Text from the core's world (here its path and warnings, which pass
// through the same writer as function names, files and type names) stays
// text: no element, attribute or script of its own.
TEST(HtmlReportInjection, HostileTextIsEscaped) {
  auto captures = CapturesFromEnvironment();
  auto it = std::find_if(captures.begin(), captures.end(),
                         [](const Capture& c) {
                           return c.meta.at("sample") == "leakzoo" && c.meta.at("mode") == "exe";
                         });
  ASSERT_NE(it, captures.end());
  auto target = Target::Open(it->core().string(), it->exe().string());
  DumpInfo info = InfoOf(*target);
  const std::string hostile = "</title><script>alert(1)</script><img src=x onerror=\"alert(2)\">'&\x01";
  info.core = "/tmp/" + hostile + "/core";
  info.executable = hostile;
  info.go_version = hostile;
  info.warnings = {hostile};
  Rendered r(it->core(), it->exe(), TraceFor(*it), info);
  EXPECT_EQ(r.html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(r.html.find("<img"), std::string::npos);
  EXPECT_EQ(Count(r.html, "<script"), 1u);
  EXPECT_EQ(Count(r.html, "<title>goforensics"), 1u);
  EXPECT_EQ(r.html.find("</title><script"), std::string::npos);
  const std::string escaped =
      "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&#39;&amp;\uFFFD";
  EXPECT_GE(Count(r.html, escaped), 4u);
}

TEST(HtmlWriter, EscapesEverythingThatIsNotMarkup) {
  EXPECT_EQ(EscapeHtml("a<b>&\"c'\n\t\x7f"), "a&lt;b&gt;&amp;&quot;c&#39;\n\t\uFFFD");
  EXPECT_EQ(EscapeHtml("µs main.(*T).m[...]"), "µs main.(*T).m[...]");
  std::ostringstream out;
  HtmlWriter w(out);
  w.Open("a", {{"href", "#x\" onclick=\"y"}}).Text("<b>").Close("a");
  EXPECT_EQ(out.str(), "<a href=\"#x&quot; onclick=&quot;y\">&lt;b&gt;</a>");
  // Markup comes from literals only.
  static_assert(!std::is_constructible_v<Markup, std::string>);
  static_assert(!std::is_constructible_v<Markup, const char*>);
  static_assert(!std::is_constructible_v<Markup, std::string_view>);
}

// The largest capture: generation time and size, and it stays far below
// what a browser opens quickly.
TEST(HtmlReportScale, ManyGoroutines) {
  auto captures = CapturesFromEnvironment();
  auto it = std::find_if(captures.begin(), captures.end(), [](const Capture& c) {
    return c.meta.at("sample") == "manyg" && c.dir.parent_path().filename() == "go1.26.8";
  });
  if (it == captures.end()) GTEST_SKIP() << "no go1.26.8 manyg capture";
  auto target = Target::Open(it->core().string(), it->exe().string());
  auto start = std::chrono::steady_clock::now();
  Rendered r(it->core(), it->exe(), std::nullopt, InfoOf(*target));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "manyg: " << r.data->leaks.goroutines.goroutines.size() << " goroutines, " << r.data->groups.size()
            << " groups, report " << r.html.size() << " bytes in " << seconds << " s (analysis included)\n";
  EXPECT_GE(r.data->leaks.goroutines.goroutines.size(), 20000u);
  EXPECT_LT(r.html.size(), 20u << 20);
  EXPECT_EQ(Count(r.html, "<tr class=\"group filterable\">"), r.data->shown_groups().size());
}

// leakgrow's two snapshots ($GOFORENSICS_SNAPSHOTS/<go>/leakgrow-snapshots:
// 1/ and 2/, each a core and goroutine profiles): the report of core 2 with
// profile 1 as its baseline shows every change GoroutineDiff finds, in the
// table, the chart, the JSON and the text.
std::vector<fs::path> SnapshotDirs() {
  std::vector<fs::path> dirs;
  const char* root = std::getenv("GOFORENSICS_SNAPSHOTS");
  if (!root || !*root || !fs::exists(root)) return dirs;
  for (const auto& version : fs::directory_iterator(root))
    if (fs::exists(version.path() / "leakgrow-snapshots" / "done.txt"))
      dirs.push_back(version.path() / "leakgrow-snapshots");
  return dirs;
}

TEST(HtmlReportGrowth, LeakGrowSnapshots) {
  auto dirs = SnapshotDirs();
  if (dirs.empty()) GTEST_SKIP() << "no leakgrow snapshots under $GOFORENSICS_SNAPSHOTS";
  for (const auto& dir : dirs) {
    for (const char* form : {"goroutines.pb.gz", "goroutines-debug2.txt"}) {
      SCOPED_TRACE(dir.string() + " " + form);
      GoroutineSites baseline = SitesOfProfile(ReadGoroutineProfile((dir / "1" / form).string()));
      auto target = Target::Open((dir / "2" / "core").string(), (dir / "bin").string());
      Rendered r(dir / "2" / "core", dir / "bin", std::nullopt, InfoOf(*target), &baseline);
      const GoroutineDiff& diff = *r.diff;
      ASSERT_FALSE(diff.changes.empty());
      std::string section = ElementById(r.html, "section", "growth");
      ASSERT_FALSE(section.empty());
      EXPECT_EQ(Count(section, "<tr class=\"change filterable\">"), std::min(diff.changes.size(), kReportGrowthRows));
      std::string chart = section.substr(0, section.find("</svg>"));
      EXPECT_EQ(Count(chart, "<rect class=\"bar\""), std::min<size_t>(diff.changes.size(), 15));
      for (const auto& c : diff.changes) {
        EXPECT_NE(section.find(EscapeHtml(c.blocking_site.function)), std::string::npos) << c.blocking_site.function;
        std::string growth = (c.growth() > 0 ? "+" : "") + std::to_string(c.growth());
        EXPECT_NE(section.find("<td class=\"num\">" + growth + "</td><td class=\"num\">" +
                               std::to_string(c.old_count) + "</td><td class=\"num\">" +
                               std::to_string(c.new_count) + "</td>"),
                  std::string::npos)
            << c.blocking_site.function;
      }
      EXPECT_NE(section.find(std::to_string(diff.old_total) + " goroutines"), std::string::npos);
      auto json = nlohmann::json::parse(r.json);
      EXPECT_EQ(json["growth"]["changes"].size(), std::min(diff.changes.size(), kReportGrowthRows));
      EXPECT_EQ(json["growth"]["changes_total"].get<size_t>(), diff.changes.size());
      EXPECT_EQ(json["growth"]["baseline"]["goroutines"].get<uint64_t>(), baseline.total);
      EXPECT_NE(r.text.find("growth since baseline: goroutines " + std::to_string(diff.old_total) + " -> " +
                            std::to_string(diff.new_total)),
                std::string::npos);
    }
  }
}

// `report --pprof PREFIX` writes a goroutine and a retained-heap profile
// that `go tool pprof -top` opens; their totals are the report's goroutines
// (as groups) and reachable heap.
TEST(HtmlReportPprof, GoToolPprofOpensBoth) {
  auto captures = CapturesFromEnvironment();
  auto it = std::find_if(captures.begin(), captures.end(), [](const Capture& c) {
    return c.meta.at("sample") == "leakzoo" && c.meta.at("mode") == "exe" &&
           c.dir.parent_path().filename() == "go1.26.8";
  });
  if (it == captures.end()) GTEST_SKIP() << "no go1.26.8 leakzoo capture";
  fs::path dir = fs::temp_directory_path() / ("gf-report-pprof-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string prefix = (dir / "leakzoo").string();
  auto json = nlohmann::json::parse(RunCommand(std::string(GOFORENSICS_EXE) + " report '" + it->core().string() +
                                               "' --exe '" + it->exe().string() + "' --format json --pprof '" +
                                               prefix + "'"));
  std::string goroutines = RunCommand(GoCommand() + " tool pprof -top -sample_index=goroutine '" + prefix +
                                      ".goroutines.pb.gz' 2>&1");
  EXPECT_NE(goroutines.find("Type: goroutine"), std::string::npos) << goroutines;
  std::string retained = RunCommand(GoCommand() + " tool pprof -top -unit=B -sample_index=space '" + prefix +
                                    ".retained.pb.gz' 2>&1");
  EXPECT_NE(retained.find("Type: space"), std::string::npos) << retained;
  // "Showing nodes accounting for N, 100% of N total": the reachable heap.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(retained, m, std::regex("of ([0-9]+)B total"))) << retained;
  EXPECT_EQ(std::stoull(m[1]), json["retained"]["reachable_bytes"].get<uint64_t>());
  ASSERT_TRUE(std::regex_search(goroutines, m, std::regex("of ([0-9]+) total"))) << goroutines;
  EXPECT_EQ(std::stoull(m[1]), json["goroutines"]["count"].get<uint64_t>());
  fs::remove_all(dir);
}

// --no-retained leaves the dominator tree out: no section, null in JSON.
TEST(HtmlReportCli, NoRetained) {
  auto captures = CapturesFromEnvironment();
  auto it = std::find_if(captures.begin(), captures.end(), [](const Capture& c) {
    return c.meta.at("sample") == "chanblock" && c.meta.at("mode") == "exe";
  });
  if (it == captures.end()) GTEST_SKIP() << "no chanblock capture";
  std::string cmd = std::string(GOFORENSICS_EXE) + " report '" + it->core().string() + "' --exe '" +
                    it->exe().string() + "' --no-retained";
  auto json = nlohmann::json::parse(RunCommand(cmd + " --format json"));
  EXPECT_TRUE(json["retained"].is_null());
  EXPECT_FALSE(json["heap"].is_null());
  EXPECT_EQ(RunCommand(cmd).find("id=\"retained\""), std::string::npos);
}

}  // namespace
}  // namespace gf::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (const auto& c : gf::testing::CapturesFromEnvironment()) {
    const std::string& sample = c.meta.at("sample");
    std::string go = c.dir.parent_path().filename();
    if (c.meta.at("mode") != "exe" || (go != "go1.26.8" && go != "go1.19.8")) continue;
    if (sample != "leakzoo" && sample != "chanblock" && sample != "heapgrow") continue;
    gf::testing::RegisterCaptureTest("HtmlReport", c.Name(),
                                     [c]() -> ::testing::Test* { return new gf::testing::ReportTest(c); });
  }
  return RUN_ALL_TESTS();
}
