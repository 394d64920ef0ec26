#include "tools/cli/command_line.h"

#include <iostream>

namespace gf::cli {

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

void AddRuntimeTypesOnly(po::options_description& opts) {
  opts.add_options()("runtime-types-only", po::bool_switch(),
                     "name objects only by the types the runtime recorded: no type inference, which reads every "
                     "object (seconds on a heap of gigabytes)");
}

bool InferTypes(const po::variables_map& vm) { return !vm["runtime-types-only"].as<bool>(); }

namespace {
std::string current_input;
}  // namespace

const std::string& CurrentInput() { return current_input; }

po::variables_map Parse(const Args& args, const po::options_description& opts, const char* input) {
  return Parse(args, opts, {input});
}

po::variables_map Parse(const Args& args, const po::options_description& opts,
                        std::initializer_list<const char*> inputs) {
  po::positional_options_description pos;
  for (const char* input : inputs) pos.add(input, 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  current_input = vm[*inputs.begin()].as<std::string>();
  std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");
  return vm;
}

bool Json(const po::variables_map& vm) { return vm["format"].as<std::string>() == "json"; }

std::unique_ptr<Target> OpenTarget(const po::variables_map& vm) {
  return Target::Open(vm["core"].as<std::string>(), vm["exe"].as<std::string>());
}

TracebackFilter FramesOf(const Target& target, const po::variables_map& vm) {
  return TracebackFilter(target.binary().pclntab(),
                         vm["hide-runtime"].as<bool>() ? FrameFilter::kUser : FrameFilter::kAll);
}

DumpInfo InfoOf(const Target& t) {
  return {t.core().path(), t.binary().path(), t.go_version(), t.build_id(), t.warnings()};
}

void WarnOnStderr(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) std::cerr << "goforensics: warning: " << w << "\n";
}

}  // namespace gf::cli
