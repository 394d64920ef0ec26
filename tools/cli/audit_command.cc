#include <fstream>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "audit/audit_job.h"
#include "audit/audit_results.h"
#include "audit/executable_index.h"
#include "audit/input_discovery.h"
#include "audit/job_runner.h"
#include "forensics/fleet_summary.h"
#include "readers/read_error.h"
#include "reports/audit_html_report.h"
#include "reports/byte_size.h"
#include "tools/cli/commands.h"

namespace gf::cli {
namespace {

struct Shard {
  uint64_t index = 0, count = 1;
  bool Holds(const AuditInput& in) const { return count == 1 || std::stoull(in.key.empty() ? "0" : in.key, nullptr, 16) % count == index; }
};

Shard ParseShard(const std::string& s) {
  Shard shard;
  if (s.empty()) return shard;
  auto slash = s.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument(s);
    shard.index = std::stoull(s.substr(0, slash));
    shard.count = std::stoull(s.substr(slash + 1));
  } catch (const std::exception&) {
    throw UsageError("--shard must be K/N, e.g. 0/4");
  }
  if (shard.count == 0 || shard.index >= shard.count) throw UsageError("--shard K/N needs 0 <= K < N");
  return shard;
}

uint64_t DefaultMaxRss() {
  return static_cast<uint64_t>(::sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE)) / 10 * 8;
}

// Inputs with a good result already (same content, any path) are not redone.
std::vector<const AuditInput*> InputsToRun(const std::vector<AuditInput>& inputs, AuditResults& results,
                                           const Shard& shard) {
  std::vector<const AuditInput*> todo;
  for (const auto& in : inputs) {
    if (!shard.Holds(in)) continue;
    if (const auto* done = in.key.empty() ? nullptr : results.OkResultFor(in.key)) {
      results.AddCopy(*done, in.path);
      continue;
    }
    todo.push_back(&in);
  }
  return todo;
}

void WriteSummaryText(std::ostream& out, const FleetSummary& f, const JobRunStats& stats, size_t ran, double seconds) {
  out << "audit: " << f.inputs << " inputs, " << f.ok << " ok, " << f.failed << " failed; analysed " << ran
      << " now in " << seconds << " s; peak memory of all jobs together " << HumanBytes(stats.peak_total_rss_bytes)
      << "\n";
  for (size_t i = 0; i < f.signatures.size() && i < 10; i++) {
    const auto& s = f.signatures[i];
    out << "  " << s.signature << " " << s.leak_class << " in " << s.dumps << " dumps, " << s.goroutines
        << " goroutines (" << s.proven << " proven): " << s.blocking << "\n";
  }
  for (const auto& fail : f.failures) out << "  failed: " << fail.path << ": " << fail.reason << "\n";
}

}  // namespace

int RunAudit(const Args& args) {
  po::options_description opts("audit options");
  opts.add_options()
      ("paths", po::value<std::vector<std::string>>()->multitoken(), "files and folders to audit")
      ("jobs,j", po::value<unsigned>()->default_value(std::max(1u, std::thread::hardware_concurrency())), "inputs analysed at once")
      ("max-rss", po::value<uint64_t>()->default_value(DefaultMaxRss() >> 20), "memory budget of all jobs together, MiB")
      ("timeout", po::value<int>()->default_value(1800), "seconds one input may take")
      ("exe-dir", po::value<std::vector<std::string>>()->default_value({}, ""), "folder of executables to pair cores with (repeatable)")
      ("jsonl", po::value<std::string>()->default_value("audit.jsonl"), "results, one JSON line per input; reused on a rerun")
      ("output,o", po::value<std::string>()->default_value(""), "write the aggregate HTML page here")
      ("shard", po::value<std::string>()->default_value(""), "K/N: audit only the inputs of shard K of N (by content key)")
      ("merge", po::bool_switch(), "the paths are JSON lines files of other audits: merge them, analyse nothing");
  po::positional_options_description pos;
  pos.add("paths", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  if (!vm.count("paths")) throw UsageError("audit needs at least one file or folder");
  auto paths = vm["paths"].as<std::vector<std::string>>();
  std::string jsonl = vm["jsonl"].as<std::string>();

  auto start = std::chrono::steady_clock::now();
  AuditResults results;
  JobRunStats stats;
  size_t ran = 0;
  if (vm["merge"].as<bool>()) {
    for (const auto& p : paths) results.Load(p);
  } else {
    results.Load(jsonl);
    auto inputs = DiscoverInputs(paths);
    ExecutableIndex executables(inputs, vm["exe-dir"].as<std::vector<std::string>>());
    auto todo = InputsToRun(inputs, results, ParseShard(vm["shard"].as<std::string>()));
    ran = todo.size();
    JobLimits limits{std::max(1u, vm["jobs"].as<unsigned>()), vm["max-rss"].as<uint64_t>() << 20, vm["timeout"].as<int>()};
    std::ofstream append(jsonl, std::ios::app);  // results survive an interrupted audit
    if (!append) throw ReadError(jsonl, "cannot write the results");
    stats = RunJobs(todo, limits,
                    [&](const AuditInput& in, std::ostream& out) { AuditOne(in, executables, out); },
                    [&](const AuditInput&, const std::string& line) {
                      append << line << "\n" << std::flush;
                      results.Add(line);
                    });
  }
  results.Save(jsonl);
  FleetSummary fleet = SummarizeFleet(results.Records());
  if (std::string html = vm["output"].as<std::string>(); !html.empty()) {
    std::ofstream out(html);
    WriteAuditHtml(out, fleet);
    if (!out) throw ReadError(html, "cannot write the page");
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WriteSummaryText(std::cout, fleet, stats, ran, seconds);
  return 0;
}

}  // namespace gf::cli
