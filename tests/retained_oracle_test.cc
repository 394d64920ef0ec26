// Retained-heap oracle tests. samples/retainzoo builds structures each
// retained by one root and prints, per root, the growth of
// runtime.MemStats.HeapAlloc its structure caused between two full
// collections: the dominator tree must give each root that many retained
// bytes, within 1%. The pprof profile must open in `go tool pprof` with the
// reachable heap as its total. Damaged copies of a core (a span outside the
// core's memory, a torn pointer, a core taken mid-GC) must be read to the
// end, the damage counted and reported.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "forensics/retained_heap.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"
#include "gruntime/target.h"
#include "reports/retained_pprof.h"
#include "tests/oracle/capture.h"
#include "tests/oracle/pprof_tool.h"

namespace gf::testing {
namespace {

struct Analysis {
  std::unique_ptr<Target> target;
  HeapSnapshot heap;
  GoroutineSnapshot goroutines;
  RetainedHeap retained;
};

Analysis Analyze(const std::string& core, const std::string& exe) {
  Analysis a;
  a.target = Target::Open(core, exe);
  a.heap = ReadHeap(*a.target);
  a.goroutines = ReadGoroutines(*a.target);
  a.retained = AnalyzeRetained(*a.target, a.heap, a.goroutines, RetainedOptions{});
  return a;
}

// The root a stdout key names: retained.global.NAME, retained.goroutine.FUNC
// (the goroutine blocked in FUNC), retained.finalizer (the one attached to
// finalizer_object).
const RetainedRoot* RootFor(const RetainedHeap& r, const std::string& key, uint64_t finalizer_object) {
  for (const auto& row : r.by_root) {
    const GcRoot& root = r.roots.roots[row.root];
    if (key == "retained.global." + root.name && root.kind == GcRoot::Kind::kGlobal) return &row;
    if (key.starts_with("retained.goroutine.") && root.kind == GcRoot::Kind::kGoroutine &&
        root.name.ends_with(": " + key.substr(std::string("retained.goroutine.").size())))
      return &row;
    if (key == "retained.finalizer" && root.kind == GcRoot::Kind::kFinalizer && root.address == finalizer_object)
      return &row;
  }
  return nullptr;
}

class RetainedTest : public ::testing::Test {
 public:
  explicit RetainedTest(Capture c) : c_(std::move(c)) {}
  void TestBody() override {
    Analysis a = Analyze(c_.core().string(), c_.exe().string());
    auto want = StdoutValues(c_);
    int checked = 0;
    for (const auto& [key, bytes] : want) {
      if (!key.starts_with("retained.")) continue;
      const RetainedRoot* row = RootFor(a.retained, key, want.at("finalizer_object"));
      ASSERT_TRUE(row) << "no root for " << key;
      double diff = std::abs(static_cast<double>(row->bytes) - static_cast<double>(bytes));
      EXPECT_LE(diff, 0.01 * static_cast<double>(bytes)) << key << ": ours " << row->bytes << ", MemStats " << bytes;
      ++checked;
    }
    EXPECT_EQ(checked, 8);
    EXPECT_TRUE(a.retained.warnings.empty()) << a.retained.warnings.front();
    EXPECT_EQ(a.retained.problems.objects_without_map, 0u);
  }

 private:
  Capture c_;
};

// `go tool pprof -top` opens the profile and its total is the reachable heap.
class RetainedPprofTest : public ::testing::Test {
 public:
  explicit RetainedPprofTest(Capture c) : c_(std::move(c)) {}
  void TestBody() override {
    Analysis a = Analyze(c_.core().string(), c_.exe().string());
    auto dir = std::filesystem::temp_directory_path() / ("gf-retained-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    auto profile = (dir / "retained.pb.gz").string();
    WriteRetainedPprof(profile, {c_.core().string(), c_.exe().string(), "", "", {}}, a.retained);
    int exit_code = 0;
    std::string out =
        RunCommand(GoCommand() + " tool pprof -top -unit=B -sample_index=space " + profile + " 2>&1", &exit_code);
    EXPECT_EQ(exit_code, 0) << out;
    std::filesystem::remove_all(dir);
    std::string want = "of " + std::to_string(a.retained.reachable_bytes) + "B total";
    EXPECT_NE(out.find(want), std::string::npos) << "want \"" << want << "\" in:\n" << out;
  }

 private:
  Capture c_;
};

// A copy of the capture's core with `bytes` written at the address `at`.
class DamagedCore {
 public:
  explicit DamagedCore(const Capture& c) : path_(std::filesystem::temp_directory_path() /
                                                 ("gf-damaged-" + std::to_string(getpid()) + ".core")) {
    std::filesystem::copy_file(c.core(), path_, std::filesystem::copy_options::overwrite_existing);
  }
  ~DamagedCore() { std::filesystem::remove(path_); }
  void Write(const Target& t, uint64_t at, uint64_t value) {
    for (const auto& s : t.core().segments())
      if (at >= s.vaddr && at + 8 <= s.vaddr + s.filesz) {
        std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(s.file_offset + (at - s.vaddr)));
        f.write(reinterpret_cast<const char*>(&value), 8);
        return;
      }
    FAIL() << "address not in the core";
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

bool AnyWarning(const RetainedHeap& r, const std::string& part) {
  for (const auto& w : r.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

class DamagedTest : public ::testing::Test {
 public:
  explicit DamagedTest(Capture c) : c_(std::move(c)) {}
  void TestBody() override {
    Analysis clean = Analyze(c_.core().string(), c_.exe().string());
    const Target& t = *clean.target;
    DamagedCore damaged(c_);
    // A torn pointer: main.list's head node points into a free slot of its
    // span (or, without one, at the span's last word); the rest of the list
    // is cut off.
    uint64_t head = t.memory().ReadPointer(t.Global("main.list"));
    auto node = clean.heap.heap.Find(head);
    ASSERT_TRUE(node);
    const HeapSpan& span = clean.heap.heap.span_of(*node);
    uint64_t free_slot = 0;
    for (uint64_t a = span.base; a + span.elem_size <= span.end() && !free_slot; a += span.elem_size)
      if (!clean.heap.heap.Find(a)) free_slot = a;
    damaged.Write(t, head, free_slot ? free_slot : span.end() - 8);
    // The collector in its mark phase.
    damaged.Write(t, t.Global("runtime.gcphase"), 1);
    // A span of objects whose start lies outside every segment of the core.
    const HeapSpan* moved = nullptr;
    for (const auto& s : clean.heap.heap.spans())
      if (s.objects > 0 && s.base != span.base) moved = &s;
    ASSERT_TRUE(moved);
    damaged.Write(t, moved->mspan + clean.heap.layouts.span_start, 0x7e0000000000);

    Analysis a = Analyze(damaged.path(), c_.exe().string());
    EXPECT_TRUE(a.retained.mid_gc);
    EXPECT_TRUE(AnyWarning(a.retained, "during a garbage collection"));
    EXPECT_LT(a.retained.reachable_objects, clean.retained.reachable_objects);
    if (free_slot) {
      EXPECT_GE(a.retained.problems.pointers_to_free_slots, 1u);
      EXPECT_TRUE(AnyWarning(a.retained, "free heap slots"));
    }
    uint64_t skipped = a.retained.problems.objects_not_in_core + a.heap.spans_skipped;
    EXPECT_GE(skipped, 1u) << "the span outside the core is neither skipped nor counted";
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
    if (c.meta.at("sample") != "retainzoo" || c.meta.at("mode") != "exe") continue;
    RegisterCaptureTestOf<RetainedTest>("Retained", c);
    RegisterCaptureTestOf<RetainedPprofTest>("RetainedPprof", c);
    RegisterCaptureTestOf<DamagedTest>("RetainedDamaged", c);
  }
  return RUN_ALL_TESTS();
}
