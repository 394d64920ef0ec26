// goforensics: post-mortem analysis of Go programs from core dumps, execution
// traces and profiles. Each command lives in tools/cli/.
#include <iostream>
#include <string>
#include <vector>

#include "gruntime/address_space.h"
#include "readers/read_error.h"
#include "tools/cli/commands.h"

namespace {

struct Command {
  const char* name;
  int (*run)(const gf::cli::Args&);
  const char* usage;
};

constexpr Command kCommands[] = {
    {"goroutines", gf::cli::RunGoroutines,
     "goroutines CORE [--exe BIN] [--group] [--format text|json] [--hide-runtime] [--pprof OUT.pb.gz]\n"
     "      every goroutine of the core: status, wait time, stack, creation site"},
    {"leaks", gf::cli::RunLeaks,
     "leaks CORE [--exe BIN] [--min-count N] [--format text|json] [--hide-runtime] [--pprof OUT.pb.gz]\n"
     "      leak suspects, most severe first, and the goroutines provably leaked"},
    {"heap", gf::cli::RunHeap,
     "heap CORE [--exe BIN] [--format text|json]\n"
     "      the heap: totals beside the runtime's own accounting, objects by type"},
    {"retained", gf::cli::RunRetained,
     "retained CORE [--exe BIN] [--top N] [--format text|json] [--pprof OUT.pb.gz]\n"
     "      who keeps the heap alive: bytes retained per root (global, goroutine, finalizer), per type, paths"},
    {"trace", gf::cli::RunTrace,
     "trace TRACE [--format text|json]\n"
     "      an execution trace: goroutines, scheduling, blocking, GC pauses, heap over time"},
    {"diff", gf::cli::RunDiff,
     "diff OLD NEW [--old-exe BIN] [--new-exe BIN] [--min-growth N] [--force] [--format text|json]\n"
     "      goroutine groups that grew or shrank between two snapshots (cores or goroutine profiles)"},
    {"report", gf::cli::RunReport,
     "report CORE [TRACE] [PROFILE] [-o FILE] [--exe BIN] [--baseline OLD [--baseline-exe BIN] [--force]]\n"
     "       [--pprof PREFIX] [--no-retained] [--format html|json|text] [--hide-runtime]\n"
     "      one self-contained HTML page (or JSON, or text): verdict, goroutines, growth since a baseline\n"
     "      (a goroutine PROFILE or an older core), leak suspects, heap, retained heap, trace"},
    {"audit", gf::cli::RunAudit,
     "audit PATH... [--jobs N] [--max-rss MiB] [--exe-dir DIR] [--jsonl FILE] [-o audit.html] [--shard K/N] [--merge]\n"
     "      every core, trace and goroutine profile under PATH (also .gz/.zst), in parallel: one JSON line each"},
};

void PrintUsage(std::ostream& out) {
  out << "usage: goforensics COMMAND [options]\ncommands:\n";
  for (const auto& c : kCommands) out << "  " << c.usage << "\n";
}

int Run(const std::string& command, const gf::cli::Args& args) {
  for (const auto& c : kCommands)
    if (command == c.name) return c.run(args);
  throw gf::cli::UsageError("unknown command " + command);
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  gf::cli::Args args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    PrintUsage(std::cout);
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  try {
    return Run(command, args);
  } catch (const gf::ReadError& e) {
    std::cerr << "goforensics: " << e.what() << "\n";
    return 1;
  } catch (const gf::MemoryFault& e) {
    const std::string& input = gf::cli::CurrentInput();
    std::cerr << "goforensics: " << (input.empty() ? "" : input + ": ") << e.what() << "\n";
    return 1;
  } catch (const boost::program_options::error& e) {
    std::cerr << "goforensics: " << e.what() << "\n";
    PrintUsage(std::cerr);
    return 2;
  } catch (const gf::cli::UsageError& e) {
    std::cerr << "goforensics: " << e.what() << "\n";
    PrintUsage(std::cerr);
    return 2;
  }
}
