#include <iostream>

#include "forensics/trace_summary.h"
#include "readers/trace/trace_reader.h"
#include "reports/trace_dump.h"
#include "reports/trace_json_report.h"
#include "reports/trace_text_report.h"
#include "tools/cli/commands.h"

namespace gf::cli {

int RunTrace(const Args& args) {
  po::options_description opts = CommandOptions("trace options", "trace", "execution trace file");
  opts.add_options()("dump", po::value<std::string>()->default_value(""),
                     "'transitions': the canonical event list the oracle test compares, instead of the summary");
  auto vm = Parse(args, opts, "trace");
  std::string dump = vm["dump"].as<std::string>();
  if (!dump.empty() && dump != "transitions") throw UsageError("--dump must be transitions");

  TraceReader reader(vm["trace"].as<std::string>());
  if (!dump.empty()) {
    TraceDumpWriter writer(std::cout, reader.stacks());
    reader.Read(writer);
    return 0;
  }
  TraceSummary summary = SummarizeTrace(reader);
  if (Json(vm)) WriteTraceSummaryJson(std::cout, reader, summary);
  else WriteTraceSummaryText(std::cout, reader, summary);
  return 0;
}

}  // namespace gf::cli
