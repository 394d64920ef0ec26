// Bad input through the command line, as a user meets it: every broken or
// mismatched input gets exactly one line on stderr naming the file and the
// problem, exit status 1, nothing on stdout, and never a crash or a hang.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/oracle/capture.h"
#include "tests/oracle/pprof_tool.h"

namespace gf::testing {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* root = std::getenv("GOFORENSICS_CAPTURES");
    ASSERT_NE(root, nullptr) << "GOFORENSICS_CAPTURES is not set";
    for (const auto& c : FindCaptures(root)) {
      if (c.meta.at("mode") != "exe") continue;
      if (c.meta.at("sample") == "chanblock" && !chanblock_) chanblock_ = new Capture(c);
      if (c.meta.at("sample") == "syncblock" && !syncblock_) syncblock_ = new Capture(c);
    }
    ASSERT_TRUE(chanblock_ && syncblock_) << "no chanblock/syncblock captures under " << root;
    scratch_ = new fs::path(fs::temp_directory_path() / ("goforensics-bad-input-" + std::to_string(getpid())));
    fs::create_directories(*scratch_);
  }
  static void TearDownTestSuite() {
    if (scratch_) fs::remove_all(*scratch_);
  }

  static RunResult Run(const std::string& args) {
    fs::path out = *scratch_ / "stdout", err = *scratch_ / "stderr";
    std::string cmd = "timeout 120 " + Quoted(GOFORENSICS_EXE) + " " + args + " >" + Quoted(out) + " 2>" + Quoted(err);
    int status = std::system(cmd.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadFile(out);
    r.err = ReadFile(err);
    return r;
  }

  // One line on stderr, "goforensics: FILE: ...", containing `problem`.
  static void ExpectOneLineError(const RunResult& r, const fs::path& file, const std::string& problem) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 500);
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
    EXPECT_TRUE(r.err.starts_with("goforensics: " + file.string() + ": ")) << r.err;
    EXPECT_NE(r.err.find(problem), std::string::npos) << "expected '" << problem << "' in: " << r.err;
  }

  static fs::path WriteFile(const std::string& name, const std::string& bytes) {
    fs::path p = *scratch_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  static fs::path TruncatedCopy(const fs::path& from, uint64_t size) {
    fs::path p = *scratch_ / "truncated.core";
    fs::copy_file(from, p, fs::copy_options::overwrite_existing);
    fs::resize_file(p, size);
    return p;
  }

  static std::string Goroutines(const fs::path& core, const fs::path& exe) {
    return "goroutines " + Quoted(core) + " --exe " + Quoted(exe);
  }

  static inline Capture* chanblock_ = nullptr;
  static inline Capture* syncblock_ = nullptr;
  static inline fs::path* scratch_ = nullptr;
};

TEST_F(BadInputTest, MissingCore) {
  ExpectOneLineError(Run("goroutines /nonexistent/core"), "/nonexistent/core", "cannot open");
}

TEST_F(BadInputTest, MissingExecutable) {
  ExpectOneLineError(Run(Goroutines(chanblock_->core(), "/nonexistent/bin")), "/nonexistent/bin", "cannot open");
}

TEST_F(BadInputTest, EmptyCore) {
  auto core = WriteFile("empty.core", "");
  ExpectOneLineError(Run(Goroutines(core, chanblock_->exe())), core, "empty");
}

TEST_F(BadInputTest, GarbageCore) {
  std::string bytes(1 << 16, '\0');
  uint32_t x = 12345;
  for (char& c : bytes) c = static_cast<char>((x = x * 1103515245 + 12345) >> 16);
  auto core = WriteFile("garbage.core", bytes);
  ExpectOneLineError(Run(Goroutines(core, chanblock_->exe())), core, "not an ELF file");
}

TEST_F(BadInputTest, ExecutableGivenAsCore) {
  ExpectOneLineError(Run(Goroutines(chanblock_->exe(), chanblock_->exe())), chanblock_->exe(), "not a core");
}

// report's inputs after the core: a file that is neither a trace nor a
// goroutine profile, a damaged baseline profile, a baseline core of another
// build.
TEST_F(BadInputTest, ReportInputs) {
  std::string report = "report " + Quoted(chanblock_->core()) + " --exe " + Quoted(chanblock_->exe()) + " ";
  ExpectOneLineError(Run(report + Quoted(chanblock_->exe())), chanblock_->exe(),
                     "not an execution trace or goroutine profile");
  auto profile = WriteFile("damaged.txt", "goroutine profile: total 3\n2 @ 0x1 0xzz\n");
  ExpectOneLineError(Run(report + Quoted(profile)), profile, "");
  ExpectOneLineError(Run(report + "--baseline " + Quoted(syncblock_->core()) + " --baseline-exe " +
                         Quoted(syncblock_->exe())),
                     chanblock_->core(), "another build");
}

// Cut inside the headers: the core is unusable and says where.
TEST_F(BadInputTest, CoreTruncatedInHeaders) {
  for (uint64_t size : {10, 64, 200, 4096}) {
    SCOPED_TRACE("truncated to " + std::to_string(size) + " bytes");
    auto core = TruncatedCopy(chanblock_->core(), size);
    auto r = Run(Goroutines(core, chanblock_->exe()));
    ExpectOneLineError(r, core, "");
  }
}

// Cut inside the memory: either the runtime's structures are gone (one-line
// error) or the goroutines come out with a warning that memory is missing.
TEST_F(BadInputTest, CoreTruncatedInMemory) {
  uint64_t full = fs::file_size(chanblock_->core());
  for (int eighth = 1; eighth < 8; ++eighth) {
    SCOPED_TRACE("truncated to " + std::to_string(eighth) + "/8");
    auto core = TruncatedCopy(chanblock_->core(), full / 8 * eighth);
    auto r = Run(Goroutines(core, chanblock_->exe()));
    if (r.exit_code == 1) {
      ExpectOneLineError(r, core, "");
      continue;
    }
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("goforensics: warning: core is truncated"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("# warning: core is truncated"), std::string::npos);
  }
}

TEST_F(BadInputTest, BinaryOfAnotherProgram) {
  ExpectOneLineError(Run(Goroutines(chanblock_->core(), syncblock_->exe())), syncblock_->exe(),
                     "is not the binary of core");
}

// Same program, rebuilt with another flag: the entry point may agree, the
// Go build ID does not.
TEST_F(BadInputTest, BinaryOfAnotherBuild) {
  fs::path pie = chanblock_->dir.parent_path() / "chanblock-pie" / "bin";
  if (!fs::exists(pie)) GTEST_SKIP() << "no chanblock-pie capture";
  ExpectOneLineError(Run(Goroutines(chanblock_->core(), pie)), pie, "is not the binary of core");
}

TEST_F(BadInputTest, StrippedBinary) {
  fs::path stripped = *scratch_ / "stripped.bin";
  std::string cmd = "objcopy --strip-all " + Quoted(chanblock_->exe()) + " " + Quoted(stripped);
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  ExpectOneLineError(Run(Goroutines(chanblock_->core(), stripped)), stripped, "stripped");
}

// A binary without DWARF still works, from the layouts recorded for its Go
// release, and says so.
TEST_F(BadInputTest, BinaryWithoutDwarf) {
  fs::path nodwarf = *scratch_ / "nodwarf.bin";
  std::string cmd = "objcopy --strip-debug " + Quoted(chanblock_->exe()) + " " + Quoted(nodwarf);
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto r = Run(Goroutines(chanblock_->core(), nodwarf));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("has no DWARF"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("goroutine 1 ["), std::string::npos);
}

// A core of a C program: its executable is named by the core and is not Go.
TEST_F(BadInputTest, CoreOfNonGoProcess) {
  fs::path dir = *scratch_ / "nongo";
  fs::create_directories(dir);
  std::string cmd = "cd " + Quoted(dir) +
                    " && bash -c 'ulimit -c unlimited; sleep 30 & p=$!; sleep 0.2; kill -SEGV $p; wait $p' "
                    ">/dev/null 2>&1";
  std::system(cmd.c_str());
  fs::path core = dir / "core";
  if (!fs::exists(core)) GTEST_SKIP() << "the kernel wrote no core in the working directory (core_pattern)";
  auto r = Run("goroutines " + Quoted(core));
  ExpectOneLineError(r, "/usr/bin/sleep", "not a Go program");
  ExpectOneLineError(Run(Goroutines(core, chanblock_->exe())), chanblock_->exe(), "is not the binary of core");
}

TEST_F(BadInputTest, UnknownCommandIsUsageError) {
  auto r = Run("frobnicate x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gf::testing
