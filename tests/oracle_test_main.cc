// Oracle tests: for every capture the sample scripts produced, the
// goroutines goforensics reads from the core must be exactly those Go
// printed before dumping it (GOTRACEBACK=crash), or that the live process
// served at /debug/pprof/goroutine?debug=2 just before gcore.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "gruntime/goroutine_reader.h"
#include "gruntime/target.h"
#include "readers/goroutine_text.h"
#include "tests/oracle/capture.h"
#include "tests/oracle/oracle_compare.h"

namespace gf::testing {
namespace {

// The request that fetched the profile was running in the process then and
// is gone (or elsewhere) by the time gcore stops it: its handler, and the
// connection's background reader that net/http starts only while a handler
// runs.
std::vector<TextGoroutine> WithoutProfileRequest(std::vector<TextGoroutine> blocks) {
  std::erase_if(blocks, [](const TextGoroutine& g) {
    if (g.created_by && g.created_by->function == "net/http.(*connReader).startBackgroundRead") return true;
    for (const auto& f : g.frames)
      if (f.function.starts_with("net/http/pprof.")) return true;
    return false;
  });
  return blocks;
}

class OracleTest : public ::testing::Test {
 public:
  explicit OracleTest(Capture c) : c_(std::move(c)) {}

  // A binary without DWARF must say that its layouts come from the table,
  // and nothing else; every other capture reads cleanly.
  void ExpectTargetWarnings(const Target& target) const {
    if (c_.meta.at("mode") != "nodwarf") {
      EXPECT_TRUE(target.warnings().empty()) << target.warnings().front();
      return;
    }
    ASSERT_EQ(target.warnings().size(), 1u);
    EXPECT_NE(target.warnings()[0].find("has no DWARF"), std::string::npos) << target.warnings()[0];
  }

  void TestBody() override {
    auto target = Target::Open(c_.core().string(), c_.exe().string());
    auto snap = ReadGoroutines(*target);
    EXPECT_TRUE(snap.warnings.empty()) << snap.warnings.front();
    ExpectTargetWarnings(*target);
    bool gcore = c_.meta["trigger"] == "gcore";
    auto text = ReadFile(c_.dir / (gcore ? "goroutines-debug2.txt" : "traceback.txt"));
    auto oracle = BestBlockPerGoroutine(ParseGoroutineText(text, c_.dir.string()));
    ASSERT_FALSE(oracle.empty()) << "oracle text has no goroutines";
    TracebackFilter frames(target->binary().pclntab(), gcore ? FrameFilter::kUser : FrameFilter::kAll);
    CompareOptions opts;
    opts.frames = &frames;
    if (gcore) {
      opts.registers = false;
      opts.require_same_set = false;
      oracle = WithoutProfileRequest(std::move(oracle));
    }
    auto diffs = CompareWithOracle(snap.goroutines, oracle, opts);
    for (const auto& d : diffs) ADD_FAILURE() << d;
    RecordProperty("goroutines", static_cast<int>(snap.goroutines.size()));
  }

 private:
  Capture c_;
};

// The layouts recorded for binaries without DWARF must be what DWARF says
// for every release we capture.
class KnownLayoutsTest : public ::testing::Test {
 public:
  explicit KnownLayoutsTest(Capture c) : c_(std::move(c)) {}

  void TestBody() override {
    auto target = Target::Open(c_.core().string(), c_.exe().string());
    auto known = RuntimeLayouts::Known(target->go_version());
    ASSERT_TRUE(known) << "no recorded layouts for " << target->go_version();
    EXPECT_TRUE(*known == target->layouts()) << "recorded layouts for " << target->go_version() << " differ from DWARF";
  }

 private:
  Capture c_;
};

}  // namespace
}  // namespace gf::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  using namespace gf::testing;
  for (const auto& c : CapturesFromEnvironment()) {
    RegisterCaptureTest("Oracle", c.Name(), [c]() -> ::testing::Test* { return new OracleTest(c); });
    if (c.meta.at("sample") == "chanblock" && c.meta.at("mode") == "exe")
      RegisterCaptureTest("KnownLayouts", c.meta.at("go"), [c]() -> ::testing::Test* { return new KnownLayoutsTest(c); });
  }
  return RUN_ALL_TESTS();
}
