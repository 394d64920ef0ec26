// Leak findings against the samples' own ground truth: each sample's header
// comment has a table of its parked goroutines, saying which leak and which
// leaks are provable. Required: no goroutine "proven" leaked that is not a
// leak, and leaking groups among the top suspects (the top K of a capture,
// K its number of leaking groups) with a recall of 95% over all captures.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "forensics/leak_analysis.h"
#include "gruntime/target.h"
#include "tests/oracle/capture.h"

namespace gf::testing {
namespace {

struct TruthRow {
  int count = 0;     // -1 when the table gives it as a share ("n/4")
  std::string leak;  // no, yes, proven
};

// The table "//\tcount  leak  state ...  blocked in  created by", keyed by
// the blocked-in function. Samples whose table has other columns have none.
std::map<std::string, TruthRow> ReadTruth(const std::string& sample) {
  std::map<std::string, TruthRow> truth;
  std::istringstream in(ReadFile(std::string(GOFORENSICS_SAMPLES) + "/" + sample + "/main.go"));
  static const std::regex header(R"(^//\tcount\s+leak\s+state.*\sblocked in\s+created by\s*$)");
  static const std::regex row(R"(^//\t(\d+|n/\d+)\s+(no|yes|proven)\s+.*\s(\S+)\s+\S+\s*$)");
  bool in_table = false;
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, header)) in_table = true;
    if (!in_table || !std::regex_match(line, m, row)) continue;
    auto& r = truth[m[3]];
    r.count = std::string(m[1]).starts_with("n/") ? -1 : r.count + std::stoi(m[1]);
    r.leak = r.leak == "proven" ? r.leak : std::string(m[2]);
  }
  return truth;
}

// Over all captures: leaking groups, and how many of them ranked in their
// capture's top K.
size_t leaking_groups = 0, ranked_hits = 0;

// Per sample, over its captures of every Go release: the precision and
// recall table of the closing notes.
struct SampleScore {
  uint64_t proven_true = 0, proven_false = 0, provable = 0, provable_found = 0;
  size_t top3_hits = 0, top3_shown = 0, leaking = 0;
};
std::map<std::string, SampleScore> scores;

void PrintScores() {
  auto pct = [](double a, double b) { return b == 0 ? std::string("-") : std::to_string(static_cast<int>(100 * a / b + 0.5)) + "%"; };
  std::cout << "[ table   ] sample | proven precision | proven recall | top-3 precision | top-3 recall\n";
  SampleScore all;
  for (const auto& [sample, sc] : scores) {
    std::cout << "[ table   ] " << sample << " | " << pct(sc.proven_true, sc.proven_true + sc.proven_false) << " ("
              << sc.proven_true << ") | " << pct(sc.provable_found, sc.provable) << " of " << sc.provable << " | "
              << pct(sc.top3_hits, sc.top3_shown) << " | " << pct(sc.top3_hits, sc.leaking) << " of " << sc.leaking << "\n";
    all.proven_true += sc.proven_true, all.proven_false += sc.proven_false, all.provable += sc.provable;
    all.provable_found += sc.provable_found;
    all.top3_hits += sc.top3_hits, all.top3_shown += sc.top3_shown, all.leaking += sc.leaking;
  }
  std::cout << "[ table   ] all | " << pct(all.proven_true, all.proven_true + all.proven_false) << " | "
            << pct(all.provable_found, all.provable) << " | " << pct(all.top3_hits, all.top3_shown) << " | "
            << pct(all.top3_hits, all.leaking) << "\n";
}

// Runs last: the recall of leaking groups among the top suspects, over every
// capture, must be at least 95%.
class RecallTest : public ::testing::Test {
 public:
  void TestBody() override {
    ASSERT_GT(leaking_groups, 0u);
    double recall = static_cast<double>(ranked_hits) / leaking_groups;
    std::cout << "[ recall  ] " << ranked_hits << " of " << leaking_groups << " leaking groups in the top suspects ("
              << recall * 100 << "%)\n";
    EXPECT_GE(recall, 0.95);
    PrintScores();
  }
};

class LeakOracleTest : public ::testing::Test {
 public:
  LeakOracleTest(Capture c, std::map<std::string, TruthRow> truth) : c_(std::move(c)), truth_(std::move(truth)) {}

  void TestBody() override {
    auto target = Target::Open(c_.core().string(), c_.exe().string());
    auto analysis = AnalyzeLeaks(*target, LeakOptions{});
    if (!analysis->heap) {
      ASSERT_EQ(c_.meta.at("mode"), "nodwarf") << "only a binary without DWARF may lack the heap";
    }
    CheckProofs(analysis->suspects);
    CheckRanking(analysis->suspects);
  }

 private:
  void CheckProofs(const std::vector<LeakSuspect>& suspects) {
    std::map<std::string, uint64_t> proven;
    for (const auto& s : suspects) proven[s.blocking_site.function] += s.proven;
    uint64_t provable = 0, found = 0;
    SampleScore& score = scores[c_.meta.at("sample")];
    for (const auto& [function, n] : proven) {
      auto it = truth_.find(function);
      if (n > 0) (it != truth_.end() && it->second.leak != "no" ? score.proven_true : score.proven_false) += n;
      if (it == truth_.end() || n == 0) continue;
      EXPECT_NE(it->second.leak, "no") << n << " goroutines in " << function << " proven leaked, but are no leak";
      if (it->second.count >= 0) {
        EXPECT_LE(n, static_cast<uint64_t>(it->second.count)) << function;
      }
    }
    for (const auto& [function, row] : truth_) {
      if (row.leak != "proven") continue;
      provable += std::max(row.count, 0);
      found += proven[function];
    }
    score.provable += provable;
    score.provable_found += found;
    std::cout << "[ proofs  ] " << c_.Name() << ": proven " << found << " of " << provable
              << " provable leaked goroutines, 0 false\n";
  }

  void CheckRanking(const std::vector<LeakSuspect>& suspects) {
    std::set<std::string> leaks;
    for (const auto& [function, row] : truth_)
      if (row.leak != "no") leaks.insert(function);
    std::vector<std::string> ranked;  // distinct blocking functions, most severe first
    for (const auto& s : suspects)
      if (std::find(ranked.begin(), ranked.end(), s.blocking_site.function) == ranked.end())
        ranked.push_back(s.blocking_site.function);
    size_t k = leaks.size(), hits = 0;
    for (size_t i = 0; i < ranked.size() && i < k; ++i) hits += leaks.count(ranked[i]);
    std::cout << "[ suspects] " << c_.Name() << ": " << hits << " of " << k << " leaking groups in the top " << k
              << "\n";
    ranked_hits += hits;
    leaking_groups += k;
    SampleScore& score = scores[c_.meta.at("sample")];
    for (size_t i = 0; i < ranked.size() && i < 3; ++i) score.top3_hits += leaks.count(ranked[i]);
    score.top3_shown += std::min<size_t>(3, ranked.size());
    score.leaking += std::min<size_t>(3, k);  // recall at 3: at most 3 can be found
  }

  Capture c_;
  std::map<std::string, TruthRow> truth_;
};

}  // namespace
}  // namespace gf::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  using namespace gf::testing;
  for (const auto& c : CapturesFromEnvironment()) {
    auto truth = ReadTruth(c.meta.at("sample"));
    if (truth.empty()) continue;
    RegisterCaptureTest("LeakOracle", c.Name(), [c, truth]() -> ::testing::Test* { return new LeakOracleTest(c, truth); });
  }
  RegisterCaptureTest("LeakRecall", "all captures", []() -> ::testing::Test* { return new RecallTest(); });
  return RUN_ALL_TESTS();
}
