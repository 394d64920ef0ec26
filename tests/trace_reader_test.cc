// The trace reader on small synthetic traces: a valid one reads as expected,
// and every truncation, corruption or unknown version is a ReadError naming
// the file and a byte offset, never a crash or a hang.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "readers/read_error.h"
#include "readers/trace/trace_reader.h"
#include "reports/trace_dump.h"
#include "tests/synthetic_trace.h"

namespace gf {
namespace {

using namespace synthetic_trace;

// Goroutine 1 runs, then blocks on "sync" at main.f in f.go:7.
std::string ValidTrace() {
  std::string t = Header();
  t += Batch(1, 1000, Event({25, 0, 1, 1, 2}) + Event({20, 10, 1, 1}));  // GoStatus running; GoBlock
  t += Frequency();
  t += Batch(kNoThread, 1000, Event({4, 5, 1, 4}) + "sync" + Event({5, 2, 6}) + "main.f" +
                                     Event({5, 3, 4}) + "f.go");
  t += Batch(kNoThread, 1000, Event({2, 3, 1, 1, 0x1000, 2, 3, 7}));   // Stacks: id 1 = main.f f.go:7
  return t;
}

class TraceReaderTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& bytes) {
    // ctest runs each test in its own process, several at once: one file each.
    std::string path = ::testing::TempDir() + "/" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
                       std::to_string(::getpid()) + ".trace_reader_test.trace";
    std::ofstream(path, std::ios::binary) << bytes;
    written_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const auto& path : written_) std::remove(path.c_str());
  }
  std::string Dump(const std::string& bytes) {
    TraceReader r(Write(bytes));
    std::ostringstream out;
    TraceDumpWriter w(out, r.stacks());
    r.Read(w);
    return out.str();
  }
  // The ReadError's message, or "" if the trace read fine.
  std::string ErrorOf(const std::string& bytes) {
    try {
      Dump(bytes);
    } catch (const ReadError& e) {
      return e.what();
    }
    return "";
  }

 private:
  std::vector<std::string> written_;
};

// The first event moves to 1001: Go's parser returns a sync event at the
// generation's earliest batch time (1000) and keeps times strictly increasing.
TEST_F(TraceReaderTest, ReadsValidTrace) {
  // Go's parser opens the generation and ends the trace with a Sync; the
  // thread of this trace has no P.
  EXPECT_EQ(Dump(ValidTrace()),
            "1000 Sync 1\n"
            "1001 G 1 Undetermined->Running reason=\"\" stack=- evstack=- p=-1\n"
            "1010 G 1 Running->Waiting reason=\"sync\" stack=main.f@f.go:7 evstack=main.f@f.go:7 p=-1\n"
            "1011 Sync 2\n");
}

TEST_F(TraceReaderTest, UnknownVersionNamesOffset) {
  std::string t = ValidTrace();
  t.replace(0, 7, "go 1.99");
  EXPECT_NE(ErrorOf(t).find("at byte 5: unsupported trace version go 1.99"), std::string::npos) << ErrorOf(t);
}

TEST_F(TraceReaderTest, NotATrace) {
  std::string e = ErrorOf("hello, world, this is not a trace");
  EXPECT_NE(e.find("trace_reader_test.trace: at byte 0: not a Go execution trace"), std::string::npos) << e;
}

TEST_F(TraceReaderTest, TruncatedBatchNamesOffset) {
  std::string t = ValidTrace();
  std::string e = ErrorOf(t.substr(0, t.size() - 3));
  EXPECT_NE(e.find("at byte "), std::string::npos) << e;
  EXPECT_NE(e.find("left"), std::string::npos) << e;
}

TEST_F(TraceReaderTest, HugeBatchSizeIsRejected) {
  std::string t = Header();
  t += Event({1, 1, 1, 1, uint64_t{1} << 40});
  std::string e = ErrorOf(t);
  EXPECT_NE(e.find("at byte 20: batch size 1099511627776 exceeds the maximum"), std::string::npos) << e;
}

TEST_F(TraceReaderTest, UnknownStringIsRejected) {
  std::string t = ValidTrace();
  t += Batch(kNoThread, 1000, Event({2, 3, 4, 1, 0x2000, 99, 3, 7}));
  EXPECT_NE(ErrorOf(t).find("unknown string id 99"), std::string::npos) << ErrorOf(t);
}

// Every prefix and every single-byte corruption either reads or is a
// ReadError with an offset: nothing else (ASan/UBSan builds check memory).
TEST_F(TraceReaderTest, EveryTruncationAndCorruptionIsHandled) {
  const std::string t = ValidTrace();
  for (size_t n = 1; n < t.size(); ++n) {
    std::string e = ErrorOf(t.substr(0, n));
    if (!e.empty()) {
      EXPECT_NE(e.find("at byte "), std::string::npos) << n << ": " << e;
    }
  }
  for (size_t i = 16; i < t.size(); ++i) {
    for (int bits : {0x01, 0x80, 0xff}) {
      std::string c = t;
      c[i] = static_cast<char>(c[i] ^ bits);
      std::string e = ErrorOf(c);
      if (!e.empty()) {
        EXPECT_NE(e.find("at byte "), std::string::npos) << i << "^" << bits << ": " << e;
      }
    }
  }
}

}  // namespace
}  // namespace gf
