// Heap type inference against three oracles, for every capture and Go
// release:
//  - the samples' own structures: retainzoo and heapgrow build known counts
//    of known types (their source's constants and their stdout); each must
//    be found with its count, and what stays unknown must be what inference
//    cannot see: before Go 1.23 DWARF does not place a closure's captured
//    variables, so the buffers only closures hold stay unknown there;
//    otherwise at most 1% of the heap's bytes;
//  - the runtime's own records (Go 1.22+): the types of the objects with an
//    allocation header or a span type are hidden from inference, which must
//    give the hidden objects the same names (the runtime's m, allocated as
//    an mPadded, is the one allowed difference: a pointer to its first field);
//  - viewcore's histogram (VIEWCORE=path; skipped without it), on the
//    releases viewcore reads: every sample type it names with at least its
//    count, and at least its share of typed bytes;
//  - the command line with --runtime-types-only: no inferred type, and
//    every object the runtime typed as without it (inference replaces no
//    recorded type); the same totals, and the same retained heap.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>

#include "forensics/heap_histogram.h"
#include "gruntime/go_version.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"
#include "gruntime/heap_type_inference.h"
#include "gruntime/target.h"
#include "tests/oracle/capture.h"
#include "tests/oracle/pprof_tool.h"

namespace gf::testing {
namespace {

// samples/retainzoo/main.go's constants.
constexpr uint64_t kZooMapEntries = 1500, kZooRecords = 4000, kZooList = 10000, kZooHandlers = 16;
constexpr uint64_t kZooHandlerBuf = 192 << 10, kZooFinalBuf = 2 << 20;
// Slack for the runtime's and the standard library's own objects of a type
// the sample also uses ([]uint8, string).
constexpr uint64_t kLibraryObjects = 64;

int Minor(const Capture& c) { return GoMinorVersion(c.meta.at("go")).value_or(0); }

double Share(uint64_t part, uint64_t whole) { return whole ? 100.0 * static_cast<double>(part) / whole : 0; }

class TypedHeap {
 public:
  explicit TypedHeap(const Capture& c) {
    target_ = Target::Open(c.core().string(), c.exe().string());
    snap_ = ReadHeap(*target_);
    goroutines_ = ReadGoroutines(*target_);
  }
  void Infer() { InferHeapTypes(*target_, snap_, &goroutines_); }
  HeapSnapshot& snap() { return snap_; }
  // Objects by type name (known types only).
  std::map<std::string, uint64_t> Counts() const {
    std::map<std::string, uint64_t> out;
    for (const auto& row : HeapHistogram(snap_.heap))
      if (row.type->known()) out[row.type->name] += row.count;
    return out;
  }

 private:
  std::unique_ptr<Target> target_;
  HeapSnapshot snap_;
  GoroutineSnapshot goroutines_;
};

// The closures' objects by the function they are closures of.
uint64_t Closures(const std::map<std::string, uint64_t>& counts, const std::string& suffix) {
  uint64_t n = 0;
  for (const auto& [name, count] : counts)
    if (name.starts_with("closure for main.") && name.ends_with(suffix)) n += count;
  return n;
}

void ExpectAbout(const std::map<std::string, uint64_t>& counts, const std::string& type, uint64_t want) {
  uint64_t got = counts.contains(type) ? counts.at(type) : 0;
  EXPECT_GE(got, want) << type;
  EXPECT_LE(got, want + kLibraryObjects) << type;
}

uint64_t Count(const std::map<std::string, uint64_t>& counts, const std::string& type) {
  return counts.contains(type) ? counts.at(type) : 0;
}

class SampleTypesTest : public ::testing::Test {
 public:
  explicit SampleTypesTest(Capture c) : c_(std::move(c)) {}

  void TestBody() override {
    TypedHeap h(c_);
    h.Infer();
    const HeapTotals& t = h.snap().totals;
    auto counts = h.Counts();
    bool captures_placed = Minor(c_) >= 23;  // DW_AT_go_closure_offset
    uint64_t closure_only = c_.meta.at("sample") == "retainzoo" ? ExpectRetainzoo(counts, captures_placed)
                                                                 : ExpectHeapgrow(counts, captures_placed);
    uint64_t runtime_bytes = t.alloc_bytes - t.inferred_bytes - t.unknown_bytes;
    std::cout << c_.Name() << ": bytes typed by the runtime " << Share(runtime_bytes, t.alloc_bytes) << "%, inferred "
              << Share(t.inferred_bytes, t.alloc_bytes) << "%, unknown " << Share(t.unknown_bytes, t.alloc_bytes)
              << "% of " << t.alloc_bytes << "\n";
    EXPECT_LE(t.unknown_bytes, (captures_placed ? 0 : closure_only) + t.alloc_bytes / 100)
        << "unknown " << t.unknown_bytes << " of " << t.alloc_bytes;
  }

 private:
  // Returns the bytes only closures keep (their captured buffers).
  uint64_t ExpectRetainzoo(const std::map<std::string, uint64_t>& counts, bool captures_placed) {
    EXPECT_EQ(Count(counts, "main.lnode"), kZooList);
    EXPECT_EQ(Count(counts, "[]main.record"), 1u);
    EXPECT_EQ(Count(counts, "main.resource"), 1u);
    EXPECT_EQ(Count(counts, "map.hdr[string][]uint8"), 1u);
    EXPECT_GE(Count(counts, "[]map.bucket[string][]uint8") + Count(counts, "[]map.group[string][]uint8"), 1u);
    ExpectAbout(counts, "string", kZooRecords);  // each record's *string
    // Map values, records' data, the interior array, the goroutine's
    // buffer; and the closures' buffers where their captures are placed.
    ExpectAbout(counts, "[]uint8", kZooMapEntries + kZooRecords + 2 + (captures_placed ? kZooHandlers + 1 : 0));
    EXPECT_EQ(Closures(counts, "makeHandler.func1") + Closures(counts, "buildHandlers.func1"), kZooHandlers);
    EXPECT_EQ(Closures(counts, "attachFinalizer.func1"), 1u);
    return kZooHandlers * kZooHandlerBuf + kZooFinalBuf;
  }

  uint64_t ExpectHeapgrow(const std::map<std::string, uint64_t>& counts, bool captures_placed) {
    auto want = StdoutValues(c_);
    EXPECT_EQ(Count(counts, "main.node"), want.at("list_len"));
    EXPECT_EQ(Count(counts, "[]main.item"), 1u);
    EXPECT_EQ(Count(counts, "main.resource"), 1u);
    EXPECT_EQ(Count(counts, "map.hdr[int][]uint8"), 1u);
    ExpectAbout(counts, "string", want.at("items"));  // each item's *string
    ExpectAbout(counts, "[]uint8", want.at("map_entries") + want.at("items") + (captures_placed ? 1 : 0));
    EXPECT_EQ(Closures(counts, ""), 1u);  // keepClosure (inlined into main: named main.main.funcN)
    return want.at("closure_buf");
  }

  Capture c_;
};

// "[45]cpu.option" and "[]cpu.option" are the same backing array.
std::string Normalized(const std::string& name) {
  static const std::regex kArray(R"(^\[\d+\])");
  return std::regex_replace(name, kArray, "[]");
}

class BlindTest : public ::testing::Test {
 public:
  explicit BlindTest(Capture c) : c_(std::move(c)) {}

  void TestBody() override {
    TypedHeap h(c_);
    Heap& heap = h.snap().heap;
    HeapType hidden;
    hidden.kind = HeapType::Kind::kUnknownScan;
    uint32_t unknown = heap.AddType(hidden);
    std::vector<std::pair<uint32_t, std::string>> truth;
    for (uint32_t o = 0; o < heap.object_count(); ++o)
      if (heap.type(o).known()) {
        truth.push_back({o, heap.type(o).name});
        heap.SetInferredType(o, unknown);
      }
    h.Infer();
    uint64_t typed = 0, same = 0;
    for (const auto& [o, name] : truth) {
      if (!heap.type(o).known()) continue;
      typed++;
      std::string got = heap.type(o).name;
      if (Normalized(got) == Normalized(name) || (name == "runtime.mPadded" && got == "runtime.m")) same++;
      else ADD_FAILURE() << "object at 0x" << std::hex << heap.address(o) << std::dec << ": runtime says " << name
                         << ", inferred " << got;
    }
    std::cout << c_.Name() << ": " << truth.size() << " objects the runtime typed, " << typed
              << " typed again blind, " << same << " the same\n";
    // The samples' own structures are all reachable through typed pointers.
    if (c_.meta.at("sample") == "retainzoo" || c_.meta.at("sample") == "heapgrow") {
      EXPECT_GE(typed * 100, truth.size() * 99) << typed << " of " << truth.size();
    }
  }

 private:
  Capture c_;
};

// viewcore's histogram: count, size, bytes and type per line.
struct ViewcoreHistogram {
  std::map<std::string, uint64_t> counts;
  uint64_t typed_bytes = 0, bytes = 0;
};

std::optional<ViewcoreHistogram> RunViewcore(const std::string& viewcore, const Capture& c) {
  std::string cmd = viewcore + " " + c.core().string() + " --exe " + c.exe().string() + " histogram 2>/dev/null";
  int exit_code = 0;
  std::string out = RunCommand(cmd, &exit_code);
  if (exit_code != 0) return std::nullopt;
  static const std::regex kBacking(R"(^\[\d+\+\d+\?\])"), kUnknown(R"(^unk\d+$)");
  ViewcoreHistogram h;
  std::istringstream lines(out);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream f(line);
    uint64_t count, size, bytes;
    std::string type;
    if (!(f >> count >> size >> bytes) || !std::getline(f >> std::ws, type)) continue;
    h.bytes += bytes;
    if (std::regex_match(type, kUnknown)) continue;
    h.typed_bytes += bytes;
    h.counts[std::regex_replace(type, kBacking, "[]")] += count;
  }
  return h;
}

class ViewcoreTest : public ::testing::Test {
 public:
  explicit ViewcoreTest(Capture c) : c_(std::move(c)) {}

  void TestBody() override {
    const char* viewcore = std::getenv("VIEWCORE");
    if (!viewcore || !*viewcore) GTEST_SKIP() << "VIEWCORE is not set";
    auto theirs = RunViewcore(viewcore, c_);
    if (!theirs) GTEST_SKIP() << "viewcore cannot read this core";
    TypedHeap h(c_);
    h.Infer();
    auto ours = h.Counts();
    const HeapTotals& t = h.snap().totals;
    uint64_t typed = t.alloc_bytes - t.unknown_bytes;
    std::cout << c_.Name() << ": bytes typed: goforensics " << Share(typed, t.alloc_bytes) << "%, viewcore "
              << Share(theirs->typed_bytes, theirs->bytes) << "%\n";
    EXPECT_GE(Share(typed, t.alloc_bytes), Share(theirs->typed_bytes, theirs->bytes));
    for (const auto& [type, count] : theirs->counts) {
      if (!Normalized(type).starts_with("main.") && !Normalized(type).starts_with("[]main.")) continue;
      uint64_t mine = Count(ours, Normalized(type));
      std::cout << "  " << type << ": goforensics " << mine << ", viewcore " << count << "\n";
      EXPECT_GE(mine, count) << type;
    }
  }

 private:
  Capture c_;
};

// `goforensics heap` and `retained` as a user runs them, with and without
// --runtime-types-only.
class RuntimeTypesOnlyTest : public ::testing::Test {
 public:
  explicit RuntimeTypesOnlyTest(Capture c) : c_(std::move(c)) {}

  void TestBody() override {
    using nlohmann::json;
    json all = Run("heap", ""), runtime = Run("heap", "--runtime-types-only");
    const json &t = runtime["totals"], &u = all["totals"];
    EXPECT_EQ(t["inferred_objects"], 0);
    EXPECT_EQ(t["inferred_bytes"], 0);
    EXPECT_GT(u["inferred_objects"], 0);
    for (const char* total : {"objects", "alloc_bytes", "in_use_bytes"}) EXPECT_EQ(t[total], u[total]) << total;
    // Objects of a recorded type: every one left as the runtime named it.
    auto recorded = [](const json& totals) {
      return totals["objects"].get<uint64_t>() - totals["unknown_objects"].get<uint64_t>() -
             totals["inferred_objects"].get<uint64_t>();
    };
    EXPECT_EQ(recorded(t), recorded(u));
    std::map<std::string, const json*> rows;
    for (const json& row : all["types"]) rows[Key(row)] = &row;
    for (const json& row : runtime["types"]) {
      EXPECT_EQ(row["inferred_count"], 0) << row["label"];
      if (row["type"].is_null()) continue;
      auto it = rows.find(Key(row));
      ASSERT_NE(it, rows.end()) << row["label"] << " is gone once types are inferred";
      const json& with = *it->second;
      EXPECT_EQ(row["count"], with["count"].get<uint64_t>() - with["inferred_count"].get<uint64_t>()) << row["label"];
    }
    // The retained heap does not depend on names.
    json a = Run("retained", "")["totals"], b = Run("retained", "--runtime-types-only")["totals"];
    for (const char* total : {"reachable_objects", "reachable_bytes", "shared_bytes", "edges"})
      EXPECT_EQ(a[total], b[total]) << total;
  }

 private:
  nlohmann::json Run(const std::string& command, const std::string& flags) const {
    return nlohmann::json::parse(RunCommand(Quoted(GOFORENSICS_EXE) + " " + command + " " + Quoted(c_.core().string()) +
                                            " --exe " + Quoted(c_.exe().string()) + " --format json " + flags +
                                            " 2>/dev/null"));
  }
  static std::string Key(const nlohmann::json& row) {
    return row["kind"].get<std::string>() + " " + row["label"].get<std::string>() + " " +
           (row["type_address"].is_null() ? "" : row["type_address"].get<std::string>());
  }

  Capture c_;
};

}  // namespace
}  // namespace gf::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  using namespace gf::testing;
  for (const auto& c : CapturesFromEnvironment()) {
    if (c.meta.at("mode") == "nodwarf") continue;  // inference needs DWARF
    const std::string& sample = c.meta.at("sample");
    bool own = sample == "retainzoo" || sample == "heapgrow";
    if (own) {
      RegisterCaptureTestOf<SampleTypesTest>("HeapSampleTypes", c);
      RegisterCaptureTestOf<ViewcoreTest>("HeapTypesViewcore", c);
      RegisterCaptureTestOf<RuntimeTypesOnlyTest>("HeapRuntimeTypesOnly", c);
    }
    if (Minor(c) >= 22) RegisterCaptureTestOf<BlindTest>("HeapTypesBlind", c);
  }
  return RUN_ALL_TESTS();
}
