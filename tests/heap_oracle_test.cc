// Heap oracle tests: for every capture, the heap goforensics reads from the
// core must agree with the runtime's own accounting in that core; where the
// sample printed runtime.ReadMemStats just before parking (heapgrow), with
// those numbers within 1%; and the objects the sample states it built must
// be there, typed (Go 1.22+) and with pointers where the GC's maps say.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>

#include "forensics/heap_histogram.h"
#include "gruntime/heap_pointers.h"
#include "gruntime/heap_reader.h"
#include "gruntime/target.h"
#include "tests/oracle/capture.h"

namespace gf::testing {
namespace {

void ExpectWithinOnePercent(const char* what, uint64_t ours, uint64_t want) {
  double diff = std::abs(static_cast<double>(ours) - static_cast<double>(want));
  EXPECT_LE(diff, 0.01 * static_cast<double>(want)) << what << ": ours " << ours << ", MemStats " << want;
}

class HeapTest : public ::testing::Test {
 public:
  explicit HeapTest(Capture c) : c_(std::move(c)) {}

 protected:
  void SetUp() override {
    target_ = Target::Open(c_.core().string(), c_.exe().string());
    snap_ = ReadHeap(*target_);
  }

  Capture c_;
  std::unique_ptr<Target> target_;
  HeapSnapshot snap_;
};

// Nothing skipped, and every total equal to the runtime's own count.
class AccountingTest : public HeapTest {
 public:
  using HeapTest::HeapTest;
  void TestBody() override {
    EXPECT_TRUE(snap_.warnings.empty()) << snap_.warnings.front();
    EXPECT_EQ(snap_.spans_skipped, 0u);
    ASSERT_TRUE(snap_.runtime);
    const HeapTotals& t = snap_.totals;
    const RuntimeHeapAccounting& r = *snap_.runtime;
    EXPECT_EQ(t.alloc_bytes, r.heap_alloc);
    EXPECT_EQ(t.objects, r.objects);
    EXPECT_EQ(t.in_use_bytes, r.heap_in_use);
    EXPECT_EQ(t.free_bytes, r.heap_free);
    EXPECT_EQ(t.released_bytes, r.heap_released);
    EXPECT_EQ(t.stack_bytes, r.stacks);
    EXPECT_EQ(t.manual_bytes, r.stacks + r.workbufs);
  }
};

// Within 1% of the MemStats the process printed just before it parked.
class MemStatsTest : public HeapTest {
 public:
  using HeapTest::HeapTest;
  void TestBody() override {
    auto want = StdoutValues(c_);
    const HeapTotals& t = snap_.totals;
    ExpectWithinOnePercent("HeapAlloc", t.alloc_bytes, want.at("HeapAlloc"));
    ExpectWithinOnePercent("HeapObjects", t.objects, want.at("HeapObjects"));
    ExpectWithinOnePercent("HeapInuse", t.in_use_bytes, want.at("HeapInuse"));
    ExpectWithinOnePercent("HeapIdle", t.free_bytes + t.released_bytes, want.at("HeapIdle"));
    ExpectWithinOnePercent("HeapReleased", t.released_bytes, want.at("HeapReleased"));
    ExpectWithinOnePercent("StackInuse", t.stack_bytes, want.at("StackInuse"));
  }
};

// The sample's types: "type.main.node=5000" is 5000 main.node objects, when
// the runtime records types (allocation headers, Go 1.22+); before that
// every object is reported unknown.
class KnownTypesTest : public HeapTest {
 public:
  using HeapTest::HeapTest;
  void TestBody() override {
    std::map<std::string, uint64_t> counts;
    for (const auto& row : HeapHistogram(snap_.heap))
      if (row.type->known()) counts[row.type->name] += row.count;
    if (!snap_.layouts.span_large_type) {
      EXPECT_TRUE(counts.empty()) << "a type before Go 1.22: " << counts.begin()->first;
      EXPECT_EQ(snap_.totals.unknown_bytes, snap_.totals.alloc_bytes);
      return;
    }
    for (const auto& [key, n] : StdoutValues(c_)) {
      if (key.starts_with("type.")) {
        EXPECT_EQ(counts[key.substr(5)], n) << key.substr(5);
      }
    }
  }
};

// Walks main.list through the heap model: every node is an allocated
// object whose pointer map marks its next and label fields, and the chain
// is as long as the sample says.
class PointersTest : public HeapTest {
 public:
  using HeapTest::HeapTest;
  void TestBody() override {
    HeapPointers pointers(*target_, snap_);
    uint64_t p = target_->memory().ReadPointer(target_->Global("main.list"));
    uint64_t n = 0, want = StdoutValues(c_).at("list_len");
    for (; p != 0 && n <= want; ++n) {
      auto obj = snap_.heap.Find(p);
      ASSERT_TRUE(obj) << "node " << n << " is not an allocated object";
      uint64_t off = p - snap_.heap.address(*obj);
      auto slots = pointers.Slots(*obj);
      ASSERT_TRUE(slots) << "node " << n << " has no pointer map";
      EXPECT_EQ(*slots, (std::vector<uint64_t>{off, off + 16})) << "node " << n;  // next, label's data
      if (snap_.layouts.span_large_type) {
        EXPECT_EQ(snap_.heap.type(*obj).name, "main.node");
      }
      p = target_->memory().ReadPointer(p);
    }
    EXPECT_EQ(n, want);
  }
};

}  // namespace
}  // namespace gf::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  using namespace gf::testing;
  for (const auto& c : CapturesFromEnvironment()) {
    if (c.meta.at("mode") == "nodwarf") continue;  // the heap's layouts need DWARF
    RegisterCaptureTestOf<AccountingTest>("HeapAccounting", c);
    if (!StdoutValues(c).contains("HeapAlloc")) continue;
    RegisterCaptureTestOf<MemStatsTest>("HeapMemStats", c);
    RegisterCaptureTestOf<KnownTypesTest>("HeapKnownTypes", c);
    if (StdoutValues(c).contains("list_len")) RegisterCaptureTestOf<PointersTest>("HeapPointers", c);
  }
  return RUN_ALL_TESTS();
}
