// goforensics: post-mortem analysis of Go programs from core dumps.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "forensics/goroutine_groups.h"
#include "forensics/heap_histogram.h"
#include "forensics/leak_suspects.h"
#include "forensics/trace_summary.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"
#include "gruntime/target.h"
#include "readers/read_error.h"
#include "readers/trace/trace_reader.h"
#include "reports/goroutine_json_report.h"
#include "reports/goroutine_text_report.h"
#include "reports/heap_json_report.h"
#include "reports/heap_text_report.h"
#include "reports/leak_report.h"
#include "reports/trace_dump.h"
#include "reports/trace_json_report.h"
#include "reports/trace_text_report.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "usage: goforensics COMMAND [options]\n"
    "commands:\n"
    "  goroutines CORE [--exe BIN] [--group] [--format text|json] [--hide-runtime]\n"
    "      every goroutine of the core: status, wait time, stack, creation site\n"
    "  leaks CORE [--exe BIN] [--min-count N] [--format text|json] [--hide-runtime]\n"
    "      leak suspects, most severe first, and the goroutines provably leaked\n"
    "  heap CORE [--exe BIN] [--format text|json]\n"
    "      the heap: totals beside the runtime's own accounting, objects by type\n"
    "  trace TRACE [--format text|json]\n"
    "      an execution trace: goroutines, scheduling, blocking, GC pauses, heap over time\n";

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

gf::DumpInfo InfoOf(const gf::Target& t) {
  return {t.core().path(), t.binary().path(), t.go_version(), t.build_id(), t.warnings()};
}

// Warnings are also in the output; stderr tells whoever pipes it elsewhere.
void WarnOnStderr(const gf::DumpInfo& info, const gf::GoroutineSnapshot& snap) {
  for (const auto& w : info.warnings) std::cerr << "goforensics: warning: " << w << "\n";
  for (const auto& w : snap.warnings) std::cerr << "goforensics: warning: " << w << "\n";
}

// A command's options: its input file (also its first positional argument)
// and --format; the core commands add --exe.
po::options_description CommandOptions(const char* title, const char* input, const char* input_help) {
  po::options_description opts(title);
  opts.add_options()
      (input, po::value<std::string>()->required(), input_help)
      ("format", po::value<std::string>()->default_value("text"), "text or json");
  return opts;
}

po::options_description CoreCommandOptions(const char* title) {
  po::options_description opts = CommandOptions(title, "core", "core file");
  opts.add_options()("exe", po::value<std::string>()->default_value(""), "the executable (default: named by the core)");
  return opts;
}

void AddHideRuntime(po::options_description& opts) {
  opts.add_options()("hide-runtime", po::bool_switch(),
                     "hide runtime internals and wrappers, as Go's default traceback and "
                     "/debug/pprof/goroutine?debug=2 do");
}

po::variables_map Parse(const std::vector<std::string>& args, const po::options_description& opts, const char* input) {
  po::positional_options_description pos;
  pos.add(input, 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");
  return vm;
}

bool Json(const po::variables_map& vm) { return vm["format"].as<std::string>() == "json"; }

std::unique_ptr<gf::Target> OpenTarget(const po::variables_map& vm) {
  return gf::Target::Open(vm["core"].as<std::string>(), vm["exe"].as<std::string>());
}

gf::TracebackFilter FramesOf(const gf::Target& target, const po::variables_map& vm) {
  return gf::TracebackFilter(target.binary().pclntab(),
                             vm["hide-runtime"].as<bool>() ? gf::FrameFilter::kUser : gf::FrameFilter::kAll);
}

int Goroutines(const std::vector<std::string>& args) {
  po::options_description opts = CoreCommandOptions("goroutines options");
  opts.add_options()("group", po::bool_switch(), "fold goroutines with the same status, stack and creation site");
  AddHideRuntime(opts);
  auto vm = Parse(args, opts, "core");

  auto target = OpenTarget(vm);
  auto snap = gf::ReadGoroutines(*target);
  auto info = InfoOf(*target);
  WarnOnStderr(info, snap);
  auto frames = FramesOf(*target, vm);
  if (vm["group"].as<bool>()) {
    auto groups = gf::GroupGoroutines(snap.goroutines);
    if (Json(vm)) gf::WriteGoroutineGroupsJson(std::cout, info, snap, groups, frames);
    else gf::WriteGoroutineGroupsText(std::cout, info, snap, groups, frames);
  } else if (Json(vm)) {
    gf::WriteGoroutinesJson(std::cout, info, snap, frames);
  } else {
    gf::WriteGoroutinesText(std::cout, info, snap, frames);
  }
  return 0;
}

int Leaks(const std::vector<std::string>& args) {
  po::options_description opts = CoreCommandOptions("leaks options");
  opts.add_options()("min-count", po::value<size_t>()->default_value(1), "leave out suspect groups smaller than this");
  AddHideRuntime(opts);
  auto vm = Parse(args, opts, "core");

  auto target = OpenTarget(vm);
  auto snap = gf::ReadGoroutines(*target);
  auto info = InfoOf(*target);
  WarnOnStderr(info, snap);
  gf::LeakOptions options{vm["min-count"].as<size_t>()};
  std::optional<gf::HeapSnapshot> heap;
  std::string unavailable;
  try {
    heap = gf::ReadHeap(*target);
  } catch (const gf::ReadError& e) {
    unavailable = e.what();
  }
  std::optional<gf::LeakProver> prover;
  std::optional<gf::LeakProof> proof;
  if (heap) {
    prover.emplace(*target, snap, *heap);
    proof = prover->Prove();
  }
  auto suspects = gf::FindLeakSuspects(snap, proof ? &*proof : nullptr, options);
  if (heap) gf::AddHeapEvidence(suspects, *heap, *prover);
  gf::LeakReport report{info, snap, proof ? &*proof : nullptr, unavailable, suspects};
  if (Json(vm)) gf::WriteLeaksJson(std::cout, report);
  else gf::WriteLeaksText(std::cout, report, FramesOf(*target, vm));
  return 0;
}

int Heap(const std::vector<std::string>& args) {
  auto vm = Parse(args, CoreCommandOptions("heap options"), "core");
  auto target = OpenTarget(vm);
  auto snap = gf::ReadHeap(*target);
  auto histogram = gf::HeapHistogram(snap.heap);
  if (Json(vm)) gf::WriteHeapJson(std::cout, InfoOf(*target), snap, histogram);
  else gf::WriteHeapText(std::cout, InfoOf(*target), snap, histogram);
  return 0;
}

int Trace(const std::vector<std::string>& args) {
  po::options_description opts = CommandOptions("trace options", "trace", "execution trace file");
  opts.add_options()("dump", po::value<std::string>()->default_value(""),
                     "'transitions': the canonical event list the oracle test compares, instead of the summary");
  auto vm = Parse(args, opts, "trace");
  std::string dump = vm["dump"].as<std::string>();
  if (!dump.empty() && dump != "transitions") throw UsageError("--dump must be transitions");

  gf::TraceReader reader(vm["trace"].as<std::string>());
  if (!dump.empty()) {
    gf::TraceDumpWriter writer(std::cout, reader.stacks());
    reader.Read(writer);
    return 0;
  }
  gf::TraceSummary summary = gf::SummarizeTrace(reader);
  if (Json(vm)) gf::WriteTraceSummaryJson(std::cout, reader, summary);
  else gf::WriteTraceSummaryText(std::cout, reader, summary);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "goroutines") return Goroutines(args);
    if (command == "leaks") return Leaks(args);
    if (command == "heap") return Heap(args);
    if (command == "trace") return Trace(args);
    throw UsageError("unknown command " + command);
  } catch (const gf::ReadError& e) {
    std::cerr << "goforensics: " << e.what() << "\n";
    return 1;
  } catch (const gf::MemoryFault& e) {
    std::cerr << "goforensics: " << e.what() << "\n";
    return 1;
  } catch (const po::error& e) {
    std::cerr << "goforensics: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "goforensics: " << e.what() << "\n" << kUsage;
    return 2;
  }
}
