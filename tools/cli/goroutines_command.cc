#include <iostream>

#include "forensics/goroutine_groups.h"
#include "gruntime/goroutine_reader.h"
#include "reports/goroutine_json_report.h"
#include "reports/goroutine_pprof.h"
#include "reports/goroutine_text_report.h"
#include "tools/cli/commands.h"

namespace gf::cli {

int RunGoroutines(const Args& args) {
  po::options_description opts = CoreCommandOptions("goroutines options");
  opts.add_options()("group", po::bool_switch(), "fold goroutines with the same status, stack and creation site");
  AddHideRuntime(opts);
  opts.add_options()("pprof", po::value<std::string>()->default_value(""),
                     "also write the goroutine groups as a pprof goroutine profile to this file");
  auto vm = Parse(args, opts, "core");

  auto target = OpenTarget(vm);
  auto snap = ReadGoroutines(*target);
  auto info = InfoOf(*target);
  WarnOnStderr(info.warnings);
  WarnOnStderr(snap.warnings);
  if (auto path = vm["pprof"].as<std::string>(); !path.empty())
    WriteGoroutineGroupsPprof(path, info, GroupGoroutines(snap.goroutines));
  auto frames = FramesOf(*target, vm);
  if (vm["group"].as<bool>()) {
    auto groups = GroupGoroutines(snap.goroutines);
    if (Json(vm)) WriteGoroutineGroupsJson(std::cout, info, snap, groups, frames);
    else WriteGoroutineGroupsText(std::cout, info, snap, groups, frames);
  } else if (Json(vm)) {
    WriteGoroutinesJson(std::cout, info, snap, frames);
  } else {
    WriteGoroutinesText(std::cout, info, snap, frames);
  }
  return 0;
}

}  // namespace gf::cli
