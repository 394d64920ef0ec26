// Oracle test for the trace reader: for every captured trace (each Go
// release, each tracer sample), the canonical event list goforensics reads
// must equal, line for line, the one Go's own parser (golang.org/x/exp/trace,
// in tests/trace_oracle) prints: time, goroutine, state transition, reason
// and both stacks of every event.
//
// Environment: GOFORENSICS_TRACE_CAPTURES (OUTDIR of samples/capture-trace.sh)
// and GOFORENSICS_TRACE_ORACLE (the built oracle program).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "readers/trace/trace_reader.h"
#include "reports/trace_dump.h"

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

TEST(TraceOracle, EveryCapturedTraceMatchesGosParser) {
  std::string oracle = Env("GOFORENSICS_TRACE_ORACLE");
  auto traces = CapturedTraces();
  ASSERT_FALSE(traces.empty()) << "no captures under GOFORENSICS_TRACE_CAPTURES";
  ASSERT_FALSE(oracle.empty()) << "GOFORENSICS_TRACE_ORACLE is not set";
  for (const auto& trace : traces) {
    std::string label = trace.parent_path().parent_path().filename().string() + "/" +
                        trace.parent_path().filename().string();
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
}

}  // namespace
}  // namespace gf
