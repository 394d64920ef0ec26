#include <iostream>

#include "forensics/retained_heap.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"
#include "reports/retained_pprof.h"
#include "reports/retained_report.h"
#include "tools/cli/commands.h"

namespace gf::cli {

int RunRetained(const Args& args) {
  po::options_description opts = CoreCommandOptions("retained options");
  opts.add_options()("top", po::value<size_t>()->default_value(20), "roots, types and paths shown in text")
      ("pprof", po::value<std::string>()->default_value(""), "also write the retained heap as a pprof profile");
  AddRuntimeTypesOnly(opts);
  auto vm = Parse(args, opts, "core");
  size_t top = vm["top"].as<size_t>();

  auto target = OpenTarget(vm);
  auto info = InfoOf(*target);
  auto heap = ReadHeap(*target);
  auto goroutines = ReadGoroutines(*target);
  auto pprof = vm["pprof"].as<std::string>();
  RetainedOptions options;
  options.top_paths = top;
  options.infer_heap_types = InferTypes(vm);
  options.samples = !pprof.empty();
  auto retained = AnalyzeRetained(*target, heap, goroutines, options);
  WarnOnStderr(info.warnings);
  WarnOnStderr(heap.warnings);
  WarnOnStderr(retained.warnings);
  if (Json(vm)) WriteRetainedJson(std::cout, info, heap.heap, retained);
  else WriteRetainedText(std::cout, info, heap.heap, retained, top);
  if (!pprof.empty()) WriteRetainedPprof(pprof, info, retained);
  return 0;
}

}  // namespace gf::cli
