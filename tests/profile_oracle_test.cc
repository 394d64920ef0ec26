// Goroutine profiles against Go's own reading and against cores of the
// same moment:
// - httpserver's gcore capture: the proto profile as `go tool pprof -traces`
//   reads it; each form's groups (proto, debug=1, debug=2) match the core's
//   but for the request that fetched them.
// - leakgrow's two snapshots: diff of every pair of forms (core/core,
//   profile/profile, core/profile) gives the growth the program's own table
//   states; --pprof output opens in go tool pprof with the core's counts.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "forensics/goroutine_diff.h"
#include "forensics/goroutine_groups.h"
#include "forensics/group_signature.h"
#include "forensics/leak_suspects.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/target.h"
#include "readers/goroutine_profile.h"
#include "reports/goroutine_pprof.h"
#include "tests/oracle/capture.h"
#include "tests/oracle/pprof_tool.h"

namespace gf::testing {
namespace {

namespace fs = std::filesystem;

GoroutineSites CoreSites(const fs::path& core, const fs::path& exe) {
  auto target = Target::Open(core.string(), exe.string());
  return SitesOfCore(ReadGoroutines(*target));
}

GoroutineSites ProfileSites(const fs::path& p) { return SitesOfProfile(ReadGoroutineProfile(p.string())); }

// Our reading of a proto profile, as -traces shows it.
std::vector<PprofTrace> OurTraces(const fs::path& p) {
  std::vector<PprofTrace> out;
  for (const auto& s : ReadPprofProfile(p.string()).samples) {
    if (s.stack.empty()) continue;  // -traces shows none (Go 1.19 records one for a goroutine it could not unwind)
    PprofTrace t{s.values.at(0), {}, {}};
    for (const auto& f : s.stack) t.functions.push_back(f.function);
    for (const auto& [k, v] : s.labels) t.labels[k] = v;
    out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end());
  return out;
}

void ExpectProtoAsGoReadsIt(const fs::path& p) {
  auto ours = OurTraces(p);
  EXPECT_FALSE(ours.empty());
  EXPECT_EQ(ours, GoPprofTraces(p.string())) << p;
}

// The goroutines of the request that fetched a profile: gone by the time
// gcore stopped the process. Go 1.19 records the connection's reader,
// running on another thread, without a stack; a reader just started may not
// have entered backgroundRead yet.
bool IsProfileRequest(const GroupChange& c) {
  if (c.stack.empty() && c.old_count == 0) return true;
  for (const auto& f : c.stack)
    if (f.function.starts_with("net/http/pprof.") || f.function.starts_with("runtime/pprof.") ||
        f.function.starts_with("net/http.(*connReader).") || f.function == "net/http.(*conn).serve")
      return true;
  return false;
}

class HttpServerProfiles : public ::testing::Test {
 public:
  explicit HttpServerProfiles(Capture c) : c_(std::move(c)) {}
  void TestBody() override {
    ExpectProtoAsGoReadsIt(c_.dir / "goroutines.pb.gz");
    auto core = CoreSites(c_.core(), c_.exe());
    for (const char* name : {"goroutines.pb.gz", "goroutines-debug1.txt", "goroutines-debug2.txt"}) {
      auto diff = DiffGoroutines(core, ProfileSites(c_.dir / name), {});
      for (const auto& c : diff.changes)
        EXPECT_TRUE(IsProfileRequest(c)) << name << ": " << c.blocking_site.function << " " << c.old_count << " -> "
                                         << c.new_count;
      // main's accept loop and the three job waiters.
      EXPECT_GE(diff.unchanged_groups, 2u) << name;
    }
  }

 private:
  Capture c_;
};

struct Expected {
  const char* function;
  uint64_t old_count, new_count;
};

// samples/leakgrow/main.go's table.
constexpr Expected kLeakGrow[] = {
    {"main.sendResult", 10, 30}, {"main.awaitReply", 5, 0}, {"main.lockForever", 0, 6}, {"main.poolWorker", 4, 4}};

const GroupChange* FindChange(const GoroutineDiff& d, std::string_view function) {
  for (const auto& c : d.changes)
    if (c.blocking_site.function == function) return &c;
  return nullptr;
}

class LeakGrowSnapshots : public ::testing::Test {
 public:
  explicit LeakGrowSnapshots(fs::path dir) : dir_(std::move(dir)) {}

  GoroutineSites Sites(int n, const std::string& form) const {
    fs::path snap = dir_ / std::to_string(n);
    if (form == "core") return CoreSites(snap / "core", dir_ / "bin");
    if (form == "proto") return ProfileSites(snap / "goroutines.pb.gz");
    return ProfileSites(snap / ("goroutines-" + form + ".txt"));
  }

  // Each snapshot in each form, read once.
  const GoroutineSites& Cached(int n, const std::string& form) {
    auto key = std::to_string(n) + form;
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, Sites(n, form)).first;
    return it->second;
  }

  void ExpectTable(const std::string& old_form, const std::string& new_form) {
    auto diff = DiffGoroutines(Cached(1, old_form), Cached(2, new_form), {});
    bool full = old_form != "proto" && old_form != "debug1" && new_form != "proto" && new_form != "debug1";
    EXPECT_EQ(diff.compared_status, full);
    EXPECT_EQ(diff.compared_creation_site, full);
    for (const auto& e : kLeakGrow) {
      const GroupChange* c = FindChange(diff, e.function);
      std::string what = old_form + " -> " + new_form + ": " + e.function;
      if (e.old_count == e.new_count) {
        EXPECT_EQ(c, nullptr) << what << " changed";
        continue;
      }
      ASSERT_NE(c, nullptr) << what << " missing";
      EXPECT_EQ(c->old_count, e.old_count) << what;
      EXPECT_EQ(c->new_count, e.new_count) << what;
      EXPECT_EQ(c->creation_site.has_value(), full) << what;
    }
    // Largest growth first.
    ASSERT_FALSE(diff.changes.empty());
    EXPECT_EQ(diff.changes.front().blocking_site.function, "main.sendResult");
  }

  void TestBody() override {
    for (int n : {1, 2}) ExpectProtoAsGoReadsIt(dir_ / std::to_string(n) / "goroutines.pb.gz");
    const char* forms[] = {"core", "proto", "debug1", "debug2"};
    for (const char* o : forms)
      for (const char* n : forms) ExpectTable(o, n);
    ExpectLeakSignatures();
    ExpectPprofOutput();
  }

  // A group's signature in a full diff is the one `leaks` gives it.
  void ExpectLeakSignatures() {
    auto target = Target::Open((dir_ / "2" / "core").string(), (dir_ / "bin").string());
    auto snap = ReadGoroutines(*target);
    auto suspects = FindLeakSuspects(snap, nullptr, {});
    auto diff = DiffGoroutines(Cached(1, "core"), Cached(2, "debug2"), {});
    for (const char* f : {"main.sendResult", "main.lockForever"}) {
      const GroupChange* c = FindChange(diff, f);
      ASSERT_NE(c, nullptr) << f;
      auto s = std::find_if(suspects.begin(), suspects.end(),
                            [&](const LeakSuspect& s) { return s.blocking_site.function == f; });
      ASSERT_NE(s, suspects.end()) << f;
      EXPECT_EQ(c->signature, s->signature) << f;
    }
  }

  // goroutines --pprof: go tool pprof sees each group with its count.
  void ExpectPprofOutput() const {
    auto target = Target::Open((dir_ / "2" / "core").string(), (dir_ / "bin").string());
    auto snap = ReadGoroutines(*target);
    auto groups = GroupGoroutines(snap.goroutines);
    std::string path = (fs::temp_directory_path() / ("gf-groups-" + std::to_string(getpid()) + ".pb.gz")).string();
    WriteGoroutineGroupsPprof(path, {"core", "bin", "go", "id", {}}, groups);
    auto traces = GoPprofTraces(path);
    fs::remove(path);
    ASSERT_EQ(traces.size(), groups.size());
    int64_t total = 0;
    for (const auto& t : traces) total += t.value;
    EXPECT_EQ(total, static_cast<int64_t>(snap.goroutines.size()));
    auto senders = std::find_if(traces.begin(), traces.end(), [](const PprofTrace& t) {
      return std::find(t.functions.begin(), t.functions.end(), "main.sendResult") != t.functions.end();
    });
    ASSERT_NE(senders, traces.end());
    EXPECT_EQ(senders->value, 30);
    EXPECT_EQ(senders->labels.at("state"), "chan send");
    EXPECT_TRUE(senders->labels.at("created by").starts_with("main.startRequests ")) << senders->labels.at("created by");
  }

 private:
  fs::path dir_;
  std::map<std::string, GoroutineSites> cache_;
};

// diff through the command line: cores of two builds are refused unless
// --force; damaged inputs get one line and exit status 1.
void ExpectDiffCli(const fs::path& a, const fs::path& b) {
  std::string exe = GOFORENSICS_EXE;
  int rc = 0;
  std::string cores = " '" + (a / "1" / "core").string() + "' '" + (b / "2" / "core").string() + "'";
  std::string out = RunCommand(exe + " diff" + cores + " 2>&1", &rc);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("another build"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  out = RunCommand(exe + " diff --force --format json" + cores + " 2>&1", &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_TRUE(out.starts_with("{\"schema\":\"goforensics.diff/v1\"")) << out;
  std::string cut = (fs::temp_directory_path() / ("gf-cut-" + std::to_string(getpid()) + ".pb.gz")).string();
  RunCommand("head -c 300 '" + (a / "1" / "goroutines.pb.gz").string() + "' > '" + cut + "'");
  out = RunCommand(exe + " diff '" + cut + "' '" + (a / "2" / "core").string() + "' 2>&1", &rc);
  fs::remove(cut);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("truncated"), std::string::npos) << out;
  out = RunCommand(exe + " diff '" + (a / "1" / "goroutines.pb.gz").string() + "' /nonexistent 2>&1", &rc);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_TRUE(out.starts_with("goforensics: /nonexistent: ")) << out;
}

}  // namespace
}  // namespace gf::testing

int main(int argc, char** argv) {
  using namespace gf::testing;
  ::testing::InitGoogleTest(&argc, argv);
  for (auto& c : CapturesFromEnvironment())
    if (c.meta["sample"] == "httpserver")
      RegisterCaptureTest("HttpServerProfiles", c.Name(), [c]() -> ::testing::Test* { return new HttpServerProfiles(c); });
  const char* snapshots = std::getenv("GOFORENSICS_SNAPSHOTS");
  size_t found = 0;
  if (snapshots && *snapshots)
    for (const auto& version : std::filesystem::directory_iterator(snapshots)) {
      auto dir = version.path() / "leakgrow-snapshots";
      if (!std::filesystem::exists(dir / "done.txt")) continue;
      ++found;
      RegisterCaptureTest("LeakGrowSnapshots", version.path().filename().string(),
                          [dir]() -> ::testing::Test* { return new LeakGrowSnapshots(dir); });
    }
  if (found >= 2) {
    std::vector<std::filesystem::path> dirs;
    for (const auto& version : std::filesystem::directory_iterator(snapshots))
      if (std::filesystem::exists(version.path() / "leakgrow-snapshots" / "done.txt"))
        dirs.push_back(version.path() / "leakgrow-snapshots");
    std::sort(dirs.begin(), dirs.end());
    ::testing::RegisterTest("DiffCli", "TwoBuilds", nullptr, nullptr, __FILE__, __LINE__, [dirs]() -> ::testing::Test* {
      struct T : ::testing::Test {
        std::vector<std::filesystem::path> d;
        void TestBody() override { ExpectDiffCli(d[0], d[1]); }
      };
      auto* t = new T;
      t->d = dirs;
      return t;
    });
  }
  if (found == 0) {
    std::cerr << "no leakgrow snapshots under $GOFORENSICS_SNAPSHOTS\n";
    return 2;
  }
  return RUN_ALL_TESTS();
}
