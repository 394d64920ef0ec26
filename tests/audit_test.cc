// The batch audit over an archive built from every capture: >200 inputs of
// every kind, plain and compressed, beside truncated, empty, non-Go,
// unpaired and corrupt files. Every input must get exactly one result line;
// every good one must be analysed and agree with its oracle (the goroutines
// Go itself printed before the core was written); every bad one must fail
// with its reason; a rerun must redo nothing; shards merged must equal the
// whole.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "readers/goroutine_text.h"
#include "tests/oracle/capture.h"
#include "tests/oracle/pprof_tool.h"

namespace gf::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;


struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

// What each input of the archive must come out as.
struct Expectation {
  Expectation() = default;
  Expectation(bool ok, std::string kind, std::optional<uint64_t> goroutines, std::string warning = "")
      : ok(ok), kind(std::move(kind)), goroutines(goroutines), warning(std::move(warning)) {}
  bool ok = false;
  std::string kind;
  std::optional<uint64_t> goroutines;  // from Go's own traceback
  std::string warning;                 // a warning the result must carry
  bool may_fail = false;               // ok with `warning`, or failed with a reason
};

class AuditTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = fs::temp_directory_path() / ("goforensics-audit-" + std::to_string(getpid()));
    fs::create_directories(scratch_ / "archive");
    fs::create_directories(scratch_ / "exes");
    BuildArchive();
    run_ = Audit("--jobs 2 --exe-dir " + Quoted(scratch_ / "exes") + " --jsonl " + Quoted(scratch_ / "all.jsonl") +
                 " -o " + Quoted(scratch_ / "audit.html"));
  }
  static void TearDownTestSuite() { fs::remove_all(scratch_); }

  static fs::path Archive(const std::string& name) { return scratch_ / "archive" / name; }

  static void Link(const fs::path& target, const std::string& name, Expectation e) {
    fs::create_symlink(target, Archive(name));
    expected_[Archive(name).string()] = e;
  }

  static void Write(const std::string& name, const std::string& bytes, Expectation e) {
    std::ofstream(Archive(name), std::ios::binary) << bytes;
    expected_[Archive(name).string()] = e;
  }

  static uint64_t OracleGoroutines(const Capture& c) {
    return BestBlockPerGoroutine(ParseGoroutineText(ReadFile(c.dir / "traceback.txt"), c.Name())).size();
  }

  // The core with every byte of its executable's path changed, so only its
  // Go build ID can pair it with a binary; and optionally with a build ID
  // no binary has.
  static std::string Unpaired(const Capture& c, bool foreign_build_id) {
    std::string core = ReadFile(c.core()), exe = c.exe().string(), moved = exe;
    moved.back() = moved.back() == 'x' ? 'y' : 'x';
    for (size_t at = core.find(exe); at != std::string::npos; at = core.find(exe, at + 1)) core.replace(at, exe.size(), moved);
    if (foreign_build_id) {
      std::string bin = ReadFile(c.exe());
      size_t note = bin.find(std::string("\x04\0\0\0Go\0\0", 8));
      std::string id = bin.substr(note + 8, 20);
      size_t at = core.find(id);
      if (at != std::string::npos) core[at] = core[at] == 'A' ? 'B' : 'A';
    }
    return core;
  }

  static void BuildArchive() {
    const char* root = std::getenv("GOFORENSICS_CAPTURES");
    ASSERT_NE(root, nullptr);
    std::optional<Capture> small;
    for (const auto& c : FindCaptures(root)) {
      std::string name = c.Name();
      for (char& ch : name)
        if (ch == '/') ch = '_';
      bool gcore = c.meta.at("trigger") == "gcore";
      Link(c.core(), name + ".core", {true, "core", gcore ? std::nullopt : std::optional(OracleGoroutines(c))});
      Link(c.exe(), name + ".bin", {true, "executable", std::nullopt});
      if (fs::exists(c.dir / "goroutines-debug2.txt"))
        Link(c.dir / "goroutines-debug2.txt", name + ".debug2",
             {true, "goroutine-text", BestBlockPerGoroutine(ParseGoroutineText(ReadFile(c.dir / "goroutines-debug2.txt"), name)).size()});
      if (fs::exists(c.dir / "goroutines.pb.gz")) Link(c.dir / "goroutines.pb.gz", name + ".pb.gz", {true, "pprof", std::nullopt});
      if (fs::exists(c.dir / "goroutines-debug1.txt")) Link(c.dir / "goroutines-debug1.txt", name + ".debug1", {true, "goroutine-text", std::nullopt});
      if (c.meta.at("sample") == "chanblock" && c.meta.at("mode") == "exe" && !small) small = c;
    }
    ASSERT_TRUE(small.has_value());
    for (const auto& t : fs::recursive_directory_iterator(fs::path(root) / "traces"))
      if (t.is_regular_file() && t.path().filename() == "trace.out")
        Link(t.path(), "trace-" + t.path().parent_path().parent_path().filename().string() + "-" +
                           t.path().parent_path().filename().string(), {true, "trace", std::nullopt});

    std::string core = ReadFile(small->core()), trace;
    uint64_t goroutines = OracleGoroutines(*small);
    // Compressed, and paired by build ID only.
    std::string dir = scratch_.string();
    ASSERT_EQ(std::system(("gzip -c " + Quoted(small->core()) + " > " + Quoted(Archive("small.core.gz"))).c_str()), 0);
    ASSERT_EQ(std::system(("zstd -q -c " + Quoted(small->core()) + " > " + Quoted(Archive("small.core.zst"))).c_str()), 0);
    expected_[Archive("small.core.gz").string()] = {true, "core", goroutines};
    expected_[Archive("small.core.zst").string()] = {true, "core", goroutines};
    Write("unpaired.core", Unpaired(*small, false), {true, "core", goroutines});
    fs::copy(small->exe(), scratch_ / "exes" / "service");
    // Bad inputs.
    Write("foreign-build.core", Unpaired(*small, true), {false, "core", std::nullopt});
    Write("empty", "", {false, "unknown", std::nullopt});
    for (size_t n : {64ul, 4096ul})
      Write("truncated-" + std::to_string(n) + ".core", core.substr(0, n), {false, "core", std::nullopt});
    // Cut in its memory: the goroutines are there, with a warning (one for
    // each whose g the cut took), unless the cut took the runtime's own
    // tables (where they lie varies by build).
    for (size_t n : {1ul << 20, core.size() / 2}) {
      Expectation cut(true, "core", goroutines, "core is truncated");
      cut.may_fail = true;
      Write("truncated-" + std::to_string(n) + ".core", core.substr(0, n), cut);
    }
    Write("garbage.bin", std::string(10000, '\x5a'), {false, "unknown", std::nullopt});
    Write("notes.txt", "nothing to see here\n", {false, "unknown", std::nullopt});
    Write("ls", ReadFile("/bin/ls"), {false, "elf", std::nullopt});
    Write("corrupt.gz", std::string("\x1f\x8b\x08\x00", 4) + std::string(5000, '\x33'), {false, "unknown", std::nullopt});
    std::string trace_bytes;
    for (const auto& [path, e] : expected_)
      if (e.kind == "trace" && trace_bytes.empty()) trace_bytes = ReadFile(path);
    Write("truncated.trace", trace_bytes.substr(0, trace_bytes.size() / 3), {false, "trace", std::nullopt});
    std::string corrupt_core = core;
    for (size_t i = 64; i < 2048; i += 3) corrupt_core[i] = static_cast<char>(corrupt_core[i] ^ 0xa5);
    Write("corrupt-notes.core", corrupt_core, {false, "core", std::nullopt});
  }

  static RunResult Audit(const std::string& args, const std::vector<std::string>& paths = {}) {
    std::string inputs;
    for (const auto& p : paths.empty() ? std::vector<std::string>{Archive("").string()} : paths) inputs += " " + Quoted(p);
    fs::path out = scratch_ / "stdout", err = scratch_ / "stderr";
    std::string cmd = "timeout 900 " + Quoted(GOFORENSICS_EXE) + " audit " + args + inputs + " >" + Quoted(out) +
                      " 2>" + Quoted(err);
    int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out), ReadFile(err)};
  }

  static std::map<std::string, json> Lines(const fs::path& jsonl) {
    std::map<std::string, json> by_path;
    std::ifstream in(jsonl);
    std::string line;
    while (std::getline(in, line)) {
      json j = json::parse(line);
      EXPECT_EQ(by_path.count(j["path"]), 0u) << "two lines for " << j["path"];
      by_path[j["path"].get<std::string>()] = j;
    }
    return by_path;
  }

  static inline fs::path scratch_;
  static inline std::map<std::string, Expectation> expected_;
  static inline RunResult run_;
};

TEST_F(AuditTest, ArchiveIsLarge) { EXPECT_GE(expected_.size(), 200u); }

TEST_F(AuditTest, EveryInputGetsItsResult) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  auto lines = Lines(scratch_ / "all.jsonl");
  EXPECT_EQ(lines.size(), expected_.size());
  for (const auto& [path, e] : expected_) {
    SCOPED_TRACE(path);
    auto it = lines.find(path);
    ASSERT_NE(it, lines.end()) << "no result";
    const json& r = it->second;
    EXPECT_EQ(r["kind"], e.kind);
    if (e.may_fail && r["status"] == "failed") {
      EXPECT_FALSE(r.value("reason", "").empty()) << r.dump();
    } else if (e.ok) {
      EXPECT_EQ(r["status"], "ok") << r.dump();
      if (e.goroutines) {
        // A goroutine whose g the cut took is named as unreadable; every
        // other one is listed.
        uint64_t unreadable = 0;
        for (const auto& w : r.value("warnings", json::array()))
          if (w.get<std::string>().find(" unreadable: ") != std::string::npos) ++unreadable;
        EXPECT_EQ(r.value("goroutines", uint64_t{0}) + unreadable, *e.goroutines) << r.dump();
      }
      if (!e.warning.empty()) {
        EXPECT_NE(r["warnings"].dump().find(e.warning), std::string::npos) << r.dump();
      }
    } else {
      EXPECT_EQ(r["status"], "failed");
      EXPECT_FALSE(r.value("reason", "").empty()) << r.dump();
    }
  }
}

TEST_F(AuditTest, CoresCarryLeakSignatures) {
  auto lines = Lines(scratch_ / "all.jsonl");
  size_t with_proven = 0;
  for (const auto& [path, r] : lines)
    if (r["kind"] == "core" && r["status"] == "ok" && r.value("proven_leaked", 0u) > 0) {
      with_proven++;
      for (const auto& s : r["suspects"]) EXPECT_EQ(s["signature"].get<std::string>().size(), 16u);
    }
  EXPECT_GT(with_proven, 10u);
}

TEST_F(AuditTest, PageListsEveryFailure) {
  std::string html = ReadFile(scratch_ / "audit.html");
  size_t failed = 0;
  for (const auto& [path, r] : Lines(scratch_ / "all.jsonl")) {
    if (r["status"] == "ok") continue;
    failed++;
    EXPECT_NE(html.find(fs::path(path).filename().string()), std::string::npos) << path;
  }
  EXPECT_NE(html.find("Failed inputs (" + std::to_string(failed) + ")"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST_F(AuditTest, RerunRedoesNothing) {
  size_t failed = 0;
  for (const auto& [path, r] : Lines(scratch_ / "all.jsonl")) failed += r["status"] != "ok";
  auto again = Audit("--jobs 2 --exe-dir " + Quoted(scratch_ / "exes") + " --jsonl " + Quoted(scratch_ / "all.jsonl"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  // Only the failures are tried again.
  EXPECT_NE(again.out.find("analysed " + std::to_string(failed) + " now"), std::string::npos) << again.out;
  EXPECT_EQ(Lines(scratch_ / "all.jsonl").size(), expected_.size());
}

TEST_F(AuditTest, ShardsMergeToTheWhole) {
  // Every 8th input of each kind keeps the test short under the sanitizers.
  std::vector<std::string> some;
  std::map<std::string, size_t> seen;
  for (const auto& [path, e] : expected_)
    if (seen[e.kind]++ % 8 == 0) some.push_back(path);
  for (int k = 0; k < 2; k++) {
    auto r = Audit("--jobs 2 --shard " + std::to_string(k) + "/2 --exe-dir " + Quoted(scratch_ / "exes") +
                   " --jsonl " + Quoted(scratch_ / ("shard" + std::to_string(k) + ".jsonl")), some);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto merged = Audit("--merge --jsonl " + Quoted(scratch_ / "merged.jsonl"),
                      {(scratch_ / "shard0.jsonl").string(), (scratch_ / "shard1.jsonl").string()});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  auto whole = Lines(scratch_ / "all.jsonl"), parts = Lines(scratch_ / "merged.jsonl");
  ASSERT_EQ(parts.size(), some.size());
  for (const auto& path : some) {
    ASSERT_TRUE(parts.count(path)) << path;
    EXPECT_EQ(parts[path]["status"], whole[path]["status"]) << path;
    EXPECT_EQ(parts[path].value("goroutines", 0u), whole[path].value("goroutines", 0u)) << path;
  }
}

TEST_F(AuditTest, MemoryBudgetIsKept) {
  // 300 MiB for everything: cores run one or two at a time, none fails for it.
  auto r = Audit("--jobs 2 --max-rss 300 --exe-dir " + Quoted(scratch_ / "exes") + " --jsonl " +
                 Quoted(scratch_ / "budget.jsonl"), {Archive("small.core.gz").string(), Archive("unpaired.core").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& [path, j] : Lines(scratch_ / "budget.jsonl")) EXPECT_EQ(j["status"], "ok") << j.dump();
  // "peak memory of all jobs together 97.0 MiB"
  size_t at = r.out.find("together ");
  ASSERT_NE(at, std::string::npos) << r.out;
  double amount = std::stod(r.out.substr(at + 9));
  std::string unit = r.out.substr(r.out.find(' ', at + 9) + 1, 3);
  EXPECT_NE(unit, "GiB") << r.out;
  if (unit == "MiB") {
    EXPECT_LE(amount, 300.0);
  }
}

}  // namespace
}  // namespace gf::testing
