#include <iostream>

#include "forensics/leak_analysis.h"
#include "reports/goroutine_pprof.h"
#include "reports/leak_report.h"
#include "tools/cli/commands.h"

namespace gf::cli {

int RunLeaks(const Args& args) {
  po::options_description opts = CoreCommandOptions("leaks options");
  opts.add_options()("min-count", po::value<size_t>()->default_value(1), "leave out suspect groups smaller than this");
  AddHideRuntime(opts);
  opts.add_options()("pprof", po::value<std::string>()->default_value(""),
                     "also write the suspects as a pprof goroutine profile to this file");
  auto vm = Parse(args, opts, "core");

  auto target = OpenTarget(vm);
  auto info = InfoOf(*target);
  auto analysis = AnalyzeLeaks(*target, LeakOptions{vm["min-count"].as<size_t>()});
  WarnOnStderr(info.warnings);
  WarnOnStderr(analysis->goroutines.warnings);
  if (auto path = vm["pprof"].as<std::string>(); !path.empty())
    WriteLeakSuspectsPprof(path, info, analysis->goroutines, analysis->suspects);
  LeakReport report{info, analysis->goroutines, analysis->proof, analysis->heap_unavailable,
                    analysis->suspects};
  if (Json(vm)) WriteLeaksJson(std::cout, report);
  else WriteLeaksText(std::cout, report, FramesOf(*target, vm));
  return 0;
}

}  // namespace gf::cli
