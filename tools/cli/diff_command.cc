#include <iostream>

#include "forensics/goroutine_diff.h"
#include "reports/diff_report.h"
#include "tools/cli/commands.h"
#include "tools/cli/snapshot_input.h"

namespace gf::cli {

int RunDiff(const Args& args) {
  po::options_description opts("diff options");
  opts.add_options()
      ("old", po::value<std::string>()->required(), "the earlier snapshot: a core or a goroutine profile")
      ("new", po::value<std::string>()->required(), "the later snapshot: a core or a goroutine profile")
      ("format", po::value<std::string>()->default_value("text"), "text or json")
      ("old-exe", po::value<std::string>()->default_value(""), "OLD's executable (default: named by the core)")
      ("new-exe", po::value<std::string>()->default_value(""), "NEW's executable (default: named by the core)")
      ("min-growth", po::value<uint64_t>()->default_value(1), "leave out groups whose count changed by less")
      ("force", po::bool_switch(), "diff two cores of different builds anyway");
  auto vm = Parse(args, opts, {"old", "new"});
  std::string old_path = vm["old"].as<std::string>(), new_path = vm["new"].as<std::string>();

  SiteSnapshot old_snap = ReadSiteSnapshot(old_path, vm["old-exe"].as<std::string>());
  SiteSnapshot new_snap = ReadSiteSnapshot(new_path, vm["new-exe"].as<std::string>());
  CheckSameBuild(old_path, old_snap.build_id, new_path, new_snap.build_id, vm["force"].as<bool>());
  auto diff = DiffGoroutines(old_snap.sites, new_snap.sites, DiffOptions{vm["min-growth"].as<uint64_t>()});
  DiffReport report{{old_path, old_snap.sites}, {new_path, new_snap.sites}, diff};
  if (Json(vm)) WriteDiffJson(std::cout, report);
  else WriteDiffText(std::cout, report);
  return 0;
}

}  // namespace gf::cli
