#include <fstream>
#include <iostream>
#include <optional>

#include "forensics/leak_analysis.h"
#include "forensics/retained_heap.h"
#include "forensics/trace_summary.h"
#include "readers/input_kind.h"
#include "readers/read_error.h"
#include "readers/trace/trace_reader.h"
#include "reports/goroutine_pprof.h"
#include "reports/html_report.h"
#include "reports/report_json.h"
#include "reports/report_text.h"
#include "reports/retained_pprof.h"
#include "tools/cli/commands.h"
#include "tools/cli/snapshot_input.h"

namespace gf::cli {
namespace {

po::options_description ReportOptions() {
  po::options_description opts("report options");
  opts.add_options()
      ("core", po::value<std::string>()->required(), "core file")
      ("inputs", po::value<std::vector<std::string>>()->default_value({}, ""),
       "an execution trace; a goroutine profile (the baseline)")
      ("exe", po::value<std::string>()->default_value(""), "the executable (default: named by the core)")
      ("output,o", po::value<std::string>()->default_value("-"), "where to write the report (default: stdout)")
      ("format", po::value<std::string>()->default_value("html"), "html, json or text")
      ("baseline", po::value<std::string>()->default_value(""),
       "an earlier snapshot (core or goroutine profile): show what grew since")
      ("baseline-exe", po::value<std::string>()->default_value(""), "the baseline core's executable")
      ("force", po::bool_switch(), "compare with a baseline core of another build anyway")
      ("no-retained", po::bool_switch(),
       "leave out the retained heap: its dominator tree takes seconds and memory on heaps of millions of objects")
      ("pprof", po::value<std::string>()->default_value(""),
       "also write PREFIX.goroutines.pb.gz and PREFIX.retained.pb.gz for go tool pprof");
  AddHideRuntime(opts);
  AddRuntimeTypesOnly(opts);
  return opts;
}

po::variables_map ParseReport(const Args& args) {
  po::positional_options_description pos;
  pos.add("core", 1).add("inputs", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(ReportOptions()).positional(pos).run(), vm);
  po::notify(vm);
  std::string format = vm["format"].as<std::string>();
  if (format != "html" && format != "json" && format != "text") throw UsageError("--format must be html, json or text");
  return vm;
}

// The inputs after the core, told apart by content: at most one trace,
// at most one goroutine profile (the baseline, as --baseline).
struct ExtraInputs {
  std::optional<std::string> trace, baseline;
};

void SetOnce(std::optional<std::string>& slot, const std::string& path, const char* what) {
  if (slot) throw UsageError(std::string("at most one ") + what + " per report");
  slot = path;
}

ExtraInputs InputsOf(const po::variables_map& vm) {
  ExtraInputs in;
  if (auto b = vm["baseline"].as<std::string>(); !b.empty()) in.baseline = b;
  for (const auto& path : vm["inputs"].as<std::vector<std::string>>()) {
    InputKind kind = IdentifyInput(path).kind;
    if (kind == InputKind::kTrace) SetOnce(in.trace, path, "execution trace");
    else if (kind == InputKind::kPprof || kind == InputKind::kGoroutineText) SetOnce(in.baseline, path, "baseline");
    else
      throw ReadError(path, std::string("not an execution trace or goroutine profile (looks like: ") +
                                InputKindName(kind) + ")");
  }
  return in;
}

void WritePprof(const std::string& prefix, const ReportData& d) {
  WriteGoroutineGroupsPprof(prefix + ".goroutines.pb.gz", d.info, d.groups);
  if (d.retained) WriteRetainedPprof(prefix + ".retained.pb.gz", d.info, *d.retained);
}

void Write(std::ostream& out, const std::string& format, const ReportData& data) {
  if (format == "json") WriteReportJson(out, data);
  else if (format == "text") WriteReportText(out, data);
  else WriteReportHtml(out, data);
}

// Written beside the destination and renamed over it, so a failed run
// never leaves half a report behind.
void WriteFile(const std::string& path, const std::string& format, const ReportData& data) {
  std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw ReadError(path, "cannot be written");
    Write(out, format, data);
    out.close();
    if (!out) throw ReadError(path, "could not be written completely");
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) throw ReadError(path, "cannot be written");
}

// What the report shows besides the core's own analysis, owned here;
// ReportInputs points into it.
struct Extras {
  std::optional<SiteSnapshot> baseline;
  std::optional<TraceReader> reader;
  std::optional<TraceSummary> summary;
  std::optional<TraceInput> trace;
  std::optional<RetainedHeap> retained;
  std::optional<GoroutineSites> now;
  std::optional<GoroutineDiff> diff;
  std::optional<DiffReport> growth;
  ReportInputs inputs;
};

// The inputs are read before the analyses: a bad one fails in a moment.
void ReadInputs(const po::variables_map& vm, const ExtraInputs& in, const Target& target, Extras& x) {
  if (in.baseline) {
    x.baseline = ReadSiteSnapshot(*in.baseline, vm["baseline-exe"].as<std::string>());
    CheckSameBuild(*in.baseline, x.baseline->build_id, target.core().path(), target.build_id(),
                   vm["force"].as<bool>());
  }
  if (in.trace) {
    x.reader.emplace(*in.trace);
    x.summary = SummarizeTrace(*x.reader);
    x.inputs.trace = &x.trace.emplace(TraceInput{*x.reader, *x.summary});
  }
}

// The retained analysis takes over the leak analysis's graph: its edges are
// not read out of the core twice.
void Analyze(const po::variables_map& vm, const ExtraInputs& in, const Target& target, LeakAnalysis& a,
             Extras& x) {
  if (a.heap && !vm["no-retained"].as<bool>()) {
    x.inputs.retained =
        &x.retained.emplace(AnalyzeRetained(target, *a.heap, a.roots, *a.graph, std::move(a.edges), {}));
    WarnOnStderr(x.retained->warnings);
  }
  if (x.baseline) {
    x.now = SitesOfCore(a.goroutines);
    x.diff = DiffGoroutines(x.baseline->sites, *x.now, DiffOptions{});
    x.inputs.growth =
        &x.growth.emplace(DiffReport{{*in.baseline, x.baseline->sites}, {target.core().path(), *x.now}, *x.diff});
  }
}

}  // namespace

int RunReport(const Args& args) {
  auto vm = ParseReport(args);
  ExtraInputs in = InputsOf(vm);
  auto target = OpenTarget(vm);
  Extras extras;
  ReadInputs(vm, in, *target, extras);
  LeakOptions options;
  options.infer_heap_types = InferTypes(vm);  // the report's heap and retained sections show types
  auto analysis = AnalyzeLeaks(*target, options);
  Analyze(vm, in, *target, *analysis, extras);
  auto info = InfoOf(*target);
  WarnOnStderr(info.warnings);
  WarnOnStderr(analysis->goroutines.warnings);
  auto frames = FramesOf(*target, vm);
  ReportData data = MakeReportData(info, *analysis, frames, extras.inputs);

  std::string format = vm["format"].as<std::string>(), output = vm["output"].as<std::string>();
  if (auto prefix = vm["pprof"].as<std::string>(); !prefix.empty()) WritePprof(prefix, data);
  if (output == "-") Write(std::cout, format, data);
  else WriteFile(output, format, data);
  return 0;
}

}  // namespace gf::cli
