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
    "      the heap: totals beside the runtime's own accounting, objects by type\n";

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

int Goroutines(const std::vector<std::string>& args) {
  po::options_description opts("goroutines options");
  opts.add_options()
      ("core", po::value<std::string>()->required(), "core file")
      ("exe", po::value<std::string>()->default_value(""), "the executable (default: named by the core)")
      ("group", po::bool_switch(), "fold goroutines with the same status, stack and creation site")
      ("format", po::value<std::string>()->default_value("text"), "text or json")
      ("hide-runtime", po::bool_switch(),
       "hide runtime internals and wrappers, as Go's default traceback and /debug/pprof/goroutine?debug=2 do");
  po::positional_options_description pos;
  pos.add("core", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");

  auto target = gf::Target::Open(vm["core"].as<std::string>(), vm["exe"].as<std::string>());
  auto snap = gf::ReadGoroutines(*target);
  auto info = InfoOf(*target);
  WarnOnStderr(info, snap);
  gf::TracebackFilter frames(target->binary().pclntab(),
                             vm["hide-runtime"].as<bool>() ? gf::FrameFilter::kUser : gf::FrameFilter::kAll);
  if (vm["group"].as<bool>()) {
    auto groups = gf::GroupGoroutines(snap.goroutines);
    if (format == "json") gf::WriteGoroutineGroupsJson(std::cout, info, snap, groups, frames);
    else gf::WriteGoroutineGroupsText(std::cout, info, snap, groups, frames);
  } else if (format == "json") {
    gf::WriteGoroutinesJson(std::cout, info, snap, frames);
  } else {
    gf::WriteGoroutinesText(std::cout, info, snap, frames);
  }
  return 0;
}

int Leaks(const std::vector<std::string>& args) {
  po::options_description opts("leaks options");
  opts.add_options()
      ("core", po::value<std::string>()->required(), "core file")
      ("exe", po::value<std::string>()->default_value(""), "the executable (default: named by the core)")
      ("min-count", po::value<size_t>()->default_value(1), "leave out suspect groups smaller than this")
      ("format", po::value<std::string>()->default_value("text"), "text or json")
      ("hide-runtime", po::bool_switch(), "hide runtime internals in stacks, as Go's default traceback does");
  po::positional_options_description pos;
  pos.add("core", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");

  auto target = gf::Target::Open(vm["core"].as<std::string>(), vm["exe"].as<std::string>());
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
  gf::TracebackFilter frames(target->binary().pclntab(),
                             vm["hide-runtime"].as<bool>() ? gf::FrameFilter::kUser : gf::FrameFilter::kAll);
  if (format == "json") gf::WriteLeaksJson(std::cout, report);
  else gf::WriteLeaksText(std::cout, report, frames);
  return 0;
}

int Heap(const std::vector<std::string>& args) {
  po::options_description opts("heap options");
  opts.add_options()
      ("core", po::value<std::string>()->required(), "core file")
      ("exe", po::value<std::string>()->default_value(""), "the executable (default: named by the core)")
      ("format", po::value<std::string>()->default_value("text"), "text or json");
  po::positional_options_description pos;
  pos.add("core", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");

  auto target = gf::Target::Open(vm["core"].as<std::string>(), vm["exe"].as<std::string>());
  auto snap = gf::ReadHeap(*target);
  auto histogram = gf::HeapHistogram(snap.heap);
  if (format == "json") gf::WriteHeapJson(std::cout, InfoOf(*target), snap, histogram);
  else gf::WriteHeapText(std::cout, InfoOf(*target), snap, histogram);
  return 0;
}

int Trace(const std::vector<std::string>& args) {
  po::options_description opts("trace options");
  opts.add_options()
      ("trace", po::value<std::string>()->required(), "execution trace file")
      ("format", po::value<std::string>()->default_value("text"), "text or json")
      ("dump", po::value<std::string>()->default_value(""),
       "'transitions': the canonical event list the oracle test compares, instead of the summary");
  po::positional_options_description pos;
  pos.add("trace", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  std::string format = vm["format"].as<std::string>();
  std::string dump = vm["dump"].as<std::string>();
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");
  if (!dump.empty() && dump != "transitions") throw UsageError("--dump must be transitions");

  gf::TraceReader reader(vm["trace"].as<std::string>());
  if (!dump.empty()) {
    gf::TraceDumpWriter writer(std::cout, reader.stacks());
    reader.Read(writer);
    return 0;
  }
  gf::TraceSummary summary = gf::SummarizeTrace(reader);
  if (format == "json") gf::WriteTraceSummaryJson(std::cout, reader, summary);
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
