// Oracle tests for the trace reader: for every captured trace (each Go
// release, each tracer sample), the canonical event list goforensics reads
// must equal, line for line, the one Go's own parser (golang.org/x/exp/trace,
// in tests/trace_oracle) prints: time, goroutine, P, state transition, reason
// and both stacks of every event, GC worker labels, mark assists, GOMAXPROCS.
// And the minimum mutator utilization must equal the oracle's, built as
// intervals over Go's parser (tests/trace_oracle/mmu.go), for 100 window
// sizes and for ours.
//
// Environment: GOFORENSICS_TRACE_CAPTURES (OUTDIR of samples/capture-trace.sh)
// and GOFORENSICS_TRACE_ORACLE (the built oracle program).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "forensics/group_signature.h"
#include "forensics/mutator_utilization.h"
#include "forensics/trace_summary.h"
#include "readers/trace/trace_reader.h"
#include "reports/trace_dump.h"
#include "tests/synthetic_trace.h"

namespace gf {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::vector<fs::path> CapturedTraces() {
  std::vector<fs::path> out;
  fs::path root = Env("GOFORENSICS_TRACE_CAPTURES");
  if (root.empty() || !fs::is_directory(root)) return out;
  for (const auto& version : fs::directory_iterator(root)) {
    if (!version.is_directory()) continue;
    for (const auto& sample : fs::directory_iterator(version.path())) {
      if (fs::exists(sample.path() / "meta.txt")) out.push_back(sample.path() / "trace.out");
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Label(const fs::path& trace) {
  return trace.parent_path().parent_path().filename().string() + "/" + trace.parent_path().filename().string();
}

// Reads the oracle's lines from its pipe while goforensics reads the trace,
// comparing each of our events with the next oracle line as it comes.
class OracleComparer : public TraceVisitor {
 public:
  OracleComparer(FILE* oracle, const StackTable& stacks) : oracle_(oracle), writer_(line_, stacks) {}

  void OnEvent(const TraceEvent& e) override {
    line_.str("");
    writer_.OnEvent(e);
    std::string ours = line_.str();
    if (ours.empty()) return;  // not in the canonical list
    ++compared_;
    std::string theirs = NextOracleLine();
    if (ours == theirs) ++matched_;
    else if (mismatches_.size() < 5) mismatches_.push_back("event " + std::to_string(compared_) + "\n  ours:   " + ours + "  oracle: " + theirs);
  }

  std::string NextOracleLine() {
    std::string line;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, oracle_)) {
      line += buf;
      if (!line.empty() && line.back() == '\n') break;
    }
    return line;
  }

  uint64_t compared_ = 0, matched_ = 0;
  std::vector<std::string> mismatches_;

 private:
  FILE* oracle_;
  std::ostringstream line_;
  TraceDumpWriter writer_;
};

// Reads `trace` with goforensics and with the oracle; every event must agree.
void ExpectSameEventsAsOracle(const std::string& oracle, const fs::path& trace, const std::string& label) {
  SCOPED_TRACE(label);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(("'" + oracle + "' '" + trace.string() + "'").c_str(), "r"), pclose);
  ASSERT_TRUE(pipe) << "cannot run " << oracle;
  TraceReader reader(trace.string());
  OracleComparer cmp(pipe.get(), reader.stacks());
  reader.Read(cmp);
  std::string extra = cmp.NextOracleLine();
  EXPECT_EQ(extra, "") << "the oracle has more events than goforensics";
  EXPECT_EQ(cmp.matched_, cmp.compared_);
  for (const auto& m : cmp.mismatches_) ADD_FAILURE() << m;
  std::printf("%-28s %9llu events compared, %9llu match\n", label.c_str(),
              static_cast<unsigned long long>(cmp.compared_), static_cast<unsigned long long>(cmp.matched_));
}

TEST(TraceOracle, EveryCapturedTraceMatchesGosParser) {
  std::string oracle = Env("GOFORENSICS_TRACE_ORACLE");
  auto traces = CapturedTraces();
  ASSERT_FALSE(traces.empty()) << "no captures under GOFORENSICS_TRACE_CAPTURES";
  ASSERT_FALSE(oracle.empty()) << "GOFORENSICS_TRACE_ORACLE is not set";
  for (const auto& trace : traces) ExpectSameEventsAsOracle(oracle, trace, Label(trace));
}

// Threads' clocks drift, and a thread may write an event before the one of
// another thread that made it possible; Go's parser then takes a later event
// of another thread first. A capture shows this only now and then (a P
// stolen from a syscall whose end was written first: once in CI), so each
// shape is written here by hand, and Go's parser says what comes first.
TEST(TraceOracle, SkewedThreadsAreOrderedAsGoOrdersThem) {
  using namespace synthetic_trace;
  std::string oracle = Env("GOFORENSICS_TRACE_ORACLE");
  ASSERT_FALSE(oracle.empty()) << "GOFORENSICS_TRACE_ORACLE is not set";
  enum : uint64_t { kProcStart = 10, kProcSteal = 12, kProcStatus = 13, kGoStart = 16, kGoUnblock = 21,
                    kGoSyscallBegin = 22, kGoSyscallEndBlocked = 24, kGoStatus = 25, kGCBegin = 29, kGCEnd = 30 };
  enum : uint64_t { kProcRunning = 1, kGoRunning = 2, kGoWaiting = 4 };
  const std::map<std::string, std::string> traces = {
      // G1's syscall ends at 1020, but M2 writes that it stole P0 at 1030,
      // and M3 that it started P0 at 1025: the steal comes first, then the
      // syscall's end (with no P), then the start.
      {"steal-after-syscall-end",
       Batch(1, 1000, Event({kProcStatus, 0, 0, kProcRunning}) + Event({kGoStatus, 0, 1, 1, kGoRunning}) +
                          Event({kGoSyscallBegin, 10, 1, 0}) + Event({kGoSyscallEndBlocked, 10})) +
           Batch(2, 1000, Event({kProcStatus, 0, 1, kProcRunning}) + Event({kProcSteal, 30, 0, 2, 1})) +
           Batch(3, 1000, Event({kProcStart, 25, 0, 3}))},
      // M2 starts G2 at 1010, before M1 unblocks it at 1020; M3 ends GC
      // cycle 2 at 1005, before M1 begins it at 1030.
      {"start-before-unblock",
       Batch(1, 1000, Event({kProcStatus, 0, 0, kProcRunning}) + Event({kGoStatus, 0, 1, 1, kGoRunning}) +
                          Event({kGoStatus, 0, 2, kNoThread, kGoWaiting}) + Event({kGoUnblock, 20, 2, 1, 0}) +
                          Event({kGCBegin, 10, 1, 0})) +
           Batch(2, 1000, Event({kProcStatus, 0, 1, kProcRunning}) + Event({kGoStart, 10, 2, 2})) +
           Batch(3, 1000, Event({kProcStatus, 0, 2, kProcRunning}) + Event({kGoStatus, 0, 3, 3, kGoRunning}) +
                              Event({kGCEnd, 5, 2}))},
  };
  for (const auto& [name, batches] : traces) {
    fs::path path = fs::path(::testing::TempDir()) / (name + "-" + std::to_string(::getpid()) + ".trace");
    std::ofstream(path, std::ios::binary) << Header() + batches + Frequency();
    ExpectSameEventsAsOracle(oracle, path, name);
    fs::remove(path);
  }
}

// The oracle's answers: window ns -> MMU, or nullopt for "none".
std::map<int64_t, std::optional<double>> AskOracle(const std::string& oracle, const std::vector<int64_t>& windows,
                                                    const fs::path& trace) {
  std::string list;
  for (int64_t w : windows) list += (list.empty() ? "" : ",") + std::to_string(w);
  std::string cmd = "'" + oracle + "' -mmu " + list + " '" + trace.string() + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  std::map<int64_t, std::optional<double>> out;
  if (!pipe) return out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, pipe.get())) {
    std::istringstream line(buf);
    std::string kind, window, value;
    line >> kind >> window >> value;
    if (kind == "window") out[std::stoll(window)] = value == "none" ? std::nullopt : std::optional<double>(std::stod(value));
  }
  return out;
}

// The windows asked for: the summary's, the whole trace, and 100 sizes
// spaced evenly on a log scale from 1 µs to the whole trace, as a plot of
// the MMU curve would ask.
std::vector<int64_t> MmuWindows(const std::vector<UtilChange>& util) {
  std::vector<int64_t> windows(std::begin(TraceSummary::kMmuWindows), std::end(TraceSummary::kMmuWindows));
  if (util.size() < 2) return windows;
  int64_t span = util.back().time_ns - util.front().time_ns;
  windows.push_back(span);
  for (int i = 0; i < 100; ++i) {
    windows.push_back(static_cast<int64_t>(std::pow(1e3, 1 - i / 99.0) * std::pow(static_cast<double>(span), i / 99.0)));
  }
  return windows;
}

TEST(TraceOracle, MinimumMutatorUtilizationMatchesIntervalModel) {
  std::string oracle = Env("GOFORENSICS_TRACE_ORACLE");
  auto traces = CapturedTraces();
  ASSERT_FALSE(traces.empty()) << "no captures under GOFORENSICS_TRACE_CAPTURES";
  ASSERT_FALSE(oracle.empty()) << "GOFORENSICS_TRACE_ORACLE is not set";
  constexpr double kTolerance = 1e-9;  // both sum the same float64 products, in other orders
  for (const auto& trace : traces) {
    SCOPED_TRACE(Label(trace));
    TraceReader reader(trace.string());
    MutatorUtilization builder;
    reader.Read(builder);
    std::vector<UtilChange> util = builder.Finish();
    std::vector<int64_t> windows = MmuWindows(util);
    auto theirs = AskOracle(oracle, windows, trace);
    ASSERT_EQ(theirs.size(), std::set<int64_t>(windows.begin(), windows.end()).size()) << "the MMU oracle failed";
    for (const auto& [w, mmu] : theirs) {
      ASSERT_EQ(mmu.has_value(), !util.empty()) << "window " << w;
      if (mmu) {
        EXPECT_NEAR(MinimumMutatorUtilization(util, w), *mmu, kTolerance) << "window " << w;
      }
    }
    // The function reaches the trace's last event, whatever the utilization
    // then (Go's own ended at its last change).
    TraceReader again(trace.string());
    if (!util.empty()) {
      EXPECT_GE(util.back().time_ns, SummarizeTrace(again).end_ns);
    }
    std::printf("%-28s MMU at %zu window sizes compared (%zu utilization changes)\n", Label(trace).c_str(),
                theirs.size(), util.size());
  }
}

// A row of samples/tracer-leak/leaks.txt.
struct ExpectedLeak {
  uint64_t count;
  std::string state, pattern, blocked_in, created_by;
};

std::vector<ExpectedLeak> TracerLeakTable() {
  std::ifstream in(std::string(GOFORENSICS_SAMPLES) + "/tracer-leak/leaks.txt");
  std::vector<ExpectedLeak> rows;
  static const std::regex row(R"(^(\d+)\s+(.+?)\s{2,}(\S+)\s+(\S+)\s+(\S+)\s*$)");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, row)) rows.push_back({std::stoull(m[1]), m[2], m[3], m[4], m[5]});
  }
  return rows;
}

// The trace leak view of tracer-leak, for every Go release: each leaking
// group of the sample's table with the class, wait reason, blocking site
// and creation site a core's leak view gives it, and with the signature of
// those (GroupSignature, the core view's); no runtime goroutine listed.
TEST(TraceLeaks, TracerLeakGroupsAsItsTableSays) {
  auto table = TracerLeakTable();
  ASSERT_EQ(table.size(), 3u) << "samples/tracer-leak/leaks.txt";
  size_t checked = 0;
  for (const auto& trace : CapturedTraces()) {
    if (trace.parent_path().filename() != "tracer-leak") continue;
    SCOPED_TRACE(Label(trace));
    TraceReader reader(trace.string());
    TraceSummary s = SummarizeTrace(reader);
    for (const auto& want : table) {
      auto found = std::find_if(s.leaks.begin(), s.leaks.end(), [&](const TraceLeak& l) {
        return l.blocking_site.function == want.blocked_in && l.creation_site &&
               l.creation_site->function == want.created_by;
      });
      ASSERT_NE(found, s.leaks.end()) << want.blocked_in;
      EXPECT_EQ(found->count, want.count) << want.blocked_in;
      EXPECT_EQ(found->status, want.state) << want.blocked_in;
      EXPECT_EQ(std::string(found->pattern->name), want.pattern) << want.blocked_in;
      EXPECT_EQ(found->signature, GroupSignature(want.state, found->blocking_site, found->creation_site));
      EXPECT_LT(found - s.leaks.begin(), 3) << want.blocked_in << " is not among the largest groups";
    }
    for (const auto& l : s.leaks) {
      EXPECT_FALSE(l.blocking_site.function.starts_with("runtime.")) << "a runtime goroutine: " << l.blocking_site.function;
    }
    ++checked;
  }
  EXPECT_GE(checked, 6u) << "tracer-leak captures of every covered Go release";
}

}  // namespace
}  // namespace gf
