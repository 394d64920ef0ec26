// What every goforensics command shares: option parsing, opening a core,
// the frame filter, and how warnings reach the user.
#pragma once

#include <boost/program_options.hpp>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "gruntime/target.h"
#include "gruntime/traceback_filter.h"
#include "reports/dump_info.h"

namespace gf::cli {

namespace po = boost::program_options;

using Args = std::vector<std::string>;

// Wrong usage: main prints the message and the usage text, exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A command's options: its input file (also its first positional argument)
// and --format; the core commands add --exe.
po::options_description CommandOptions(const char* title, const char* input, const char* input_help);
po::options_description CoreCommandOptions(const char* title);
void AddHideRuntime(po::options_description& opts);
// --runtime-types-only: name heap objects only by the types the runtime
// recorded. InferTypes: whether to infer the others (the default).
void AddRuntimeTypesOnly(po::options_description& opts);
bool InferTypes(const po::variables_map& vm);

// Parses args; `input` is the option the first positional argument fills.
po::variables_map Parse(const Args& args, const po::options_description& opts, const char* input);
// The same with several positional arguments, filling `inputs` in order.
po::variables_map Parse(const Args& args, const po::options_description& opts,
                        std::initializer_list<const char*> inputs);
bool Json(const po::variables_map& vm);
// The input the command parsed (its first positional argument): a memory
// fault deep in the model is reported against it.
const std::string& CurrentInput();

std::unique_ptr<Target> OpenTarget(const po::variables_map& vm);
TracebackFilter FramesOf(const Target& target, const po::variables_map& vm);
DumpInfo InfoOf(const Target& t);

// Warnings are also in the output; stderr tells whoever pipes it elsewhere.
void WarnOnStderr(const std::vector<std::string>& warnings);

}  // namespace gf::cli
