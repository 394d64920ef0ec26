// pprof profiles: what PprofWriter writes, `go tool pprof` reads back as
// written; what the reader reads of it is the same; damaged profiles get
// a ReadError, never a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "proto/profile.pb.h"
#include "readers/goroutine_profile.h"
#include "readers/pprof_profile.h"
#include "readers/read_error.h"
#include "reports/pprof_writer.h"
#include "tests/oracle/pprof_tool.h"

namespace gf::testing {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("gf-pprof-test-" + std::to_string(getpid()) + "-" + name)).string();
}

// Three stacks: one with an inlined call, one recursive (two frames at the
// same address that must stay two locations), one without addresses.
PprofWriter SampleWriter() {
  PprofWriter w({{"goroutine", "count"}});
  w.AddSample({{"main.leaf", "/x/main.go", 10, 0x1000, true},
               {"main.inl", "/x/main.go", 20, 0x1000},
               {"main.main", "/x/main.go", 30, 0x2000}},
              {7}, {{"state", "chan receive"}, {"created by", "main.spawn /x/main.go:5"}});
  w.AddSample({{"main.rec", "/x/r.go", 3, 0x3000}, {"main.rec", "/x/r.go", 3, 0x3000}, {"main.main", "/x/main.go", 31, 0x2100}},
              {2});
  w.AddSample({{"main.other", "/x/o.go", 3, 0}, {"main.main", "/x/main.go", 31, 0}}, {1});
  w.AddComment("written by pprof_test");
  return w;
}

TEST(PprofWriter, GoToolPprofReadsWhatWasWritten) {
  std::string path = TempPath("written.pb.gz");
  SampleWriter().WriteGzip(path);
  std::vector<PprofTrace> want = {
      {7, {"main.leaf", "main.inl", "main.main"}, {{"state", "chan receive"}, {"created by", "main.spawn /x/main.go:5"}}},
      {2, {"main.rec", "main.rec", "main.main"}, {}},
      {1, {"main.other", "main.main"}, {}},
  };
  std::sort(want.begin(), want.end());
  EXPECT_EQ(GoPprofTraces(path), want);
  std::string top = RunCommand(GoCommand() + " tool pprof -top '" + path + "' 2>/dev/null");
  EXPECT_NE(top.find("of 10 total"), std::string::npos) << top;
  EXPECT_NE(top.find("written by pprof_test"), std::string::npos) << top;
  std::filesystem::remove(path);
}

TEST(PprofWriter, ReaderReadsWhatWasWritten) {
  std::string path = TempPath("roundtrip.pb.gz");
  SampleWriter().WriteGzip(path);
  PprofProfile p = ReadPprofProfile(path);
  ASSERT_EQ(p.sample_types.size(), 1u);
  EXPECT_EQ(p.sample_types[0], PprofValueType("goroutine", "count"));
  ASSERT_EQ(p.samples.size(), 3u);
  const auto& s = p.samples[0];
  ASSERT_EQ(s.stack.size(), 3u);
  EXPECT_EQ(s.stack[0].function, "main.leaf");
  EXPECT_TRUE(s.stack[0].inlined);
  EXPECT_EQ(s.stack[1].function, "main.inl");
  EXPECT_FALSE(s.stack[1].inlined);
  EXPECT_EQ(s.stack[1].line, 20);
  EXPECT_EQ(s.stack[2].address, 0x2000u);
  EXPECT_EQ(s.values, std::vector<int64_t>{7});
  EXPECT_EQ(s.labels.size(), 2u);
  EXPECT_EQ(p.samples[1].stack.size(), 3u);  // recursion kept apart
  EXPECT_EQ(p.comments, std::vector<std::string>{"written by pprof_test"});
  std::filesystem::remove(path);
}

TEST(PprofWriter, UnwritablePathIsAReadError) {
  EXPECT_THROW(SampleWriter().WriteGzip("/nonexistent-dir/x.pb.gz"), ReadError);
}

void ExpectReadError(const std::string& bytes, const std::string& what) {
  try {
    ParsePprofProfile(bytes, "input");
    ADD_FAILURE() << what << ": parsed";
  } catch (const ReadError& e) {
    EXPECT_EQ(e.source(), "input");
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
}

TEST(PprofReader, RejectsDamagedProfiles) {
  ExpectReadError("", "empty");
  ExpectReadError("hello, world\n", "text");
  std::string plain = SampleWriter().Serialize();
  // A gzip stream cut anywhere is an error; a plain one cut anywhere is an
  // error or (cut between messages) a smaller profile, never a crash.
  std::string path = TempPath("cut.pb.gz");
  SampleWriter().WriteGzip(path);
  std::ifstream in(path, std::ios::binary);
  std::string gz((std::istreambuf_iterator<char>(in)), {});
  std::filesystem::remove(path);
  for (size_t n = 1; n < gz.size(); ++n) ExpectReadError(gz.substr(0, n), "gzip cut at " + std::to_string(n));
  for (size_t n = 1; n < plain.size(); ++n) {
    try {
      ParsePprofProfile(plain.substr(0, n), "input");
    } catch (const ReadError&) {
    }
  }
}

TEST(PprofReader, RejectsDanglingReferences) {
  perftools::profiles::Profile p;
  p.add_string_table("");
  p.add_string_table("goroutine");
  auto* vt = p.add_sample_type();
  vt->set_type(1);
  vt->set_unit(1);
  auto* s = p.add_sample();
  s->add_value(1);
  s->add_location_id(42);
  ExpectReadError(p.SerializeAsString(), "dangling location");
  s->clear_location_id();
  vt->set_unit(9);
  ExpectReadError(p.SerializeAsString(), "string index out of range");
  vt->set_unit(1);
  s->add_value(2);
  ExpectReadError(p.SerializeAsString(), "two values for one sample type");
}

TEST(GoroutineProfile, RecognisesFormsByContent) {
  PprofWriter heap({{"objects", "count"}, {"space", "bytes"}});
  heap.AddSample({{"main.alloc", "/x/a.go", 1, 0x10}}, {1, 64});
  try {
    ParseGoroutineProfile(heap.Serialize(), "heap.pb");
    ADD_FAILURE() << "a heap profile was taken for goroutines";
  } catch (const ReadError& e) {
    EXPECT_NE(std::string(e.what()).find("not of goroutines"), std::string::npos) << e.what();
  }
  auto proto = ParseGoroutineProfile(SampleWriter().Serialize(), "g.pb");
  EXPECT_EQ(proto.form, GoroutineProfileForm::kProto);
  EXPECT_EQ(proto.total, 10u);
  auto d1 = ParseGoroutineProfile(
      "goroutine profile: total 3\n3 @ 0x1 0x2\n# labels: {\"k\":\"v\"}\n#\t0x1\tmain.f+0x4\t/x/f.go:7\n\n", "d1");
  EXPECT_EQ(d1.form, GoroutineProfileForm::kDebug1);
  ASSERT_EQ(d1.groups.size(), 1u);
  EXPECT_EQ(d1.groups[0].labels, (std::vector<std::pair<std::string, std::string>>{{"k", "v"}}));
  auto d2 = ParseGoroutineProfile(
      "goroutine 5 [chan send, 3 minutes]:\nmain.f(...)\n\t/x/f.go:7 +0x1\ncreated by main.g in goroutine 1\n"
      "\t/x/g.go:9 +0x2\n\ngoroutine 6 [chan send]:\nmain.f(...)\n\t/x/f.go:7 +0x1\ncreated by main.g in goroutine 1\n"
      "\t/x/g.go:9 +0x2\n",
      "d2");
  EXPECT_EQ(d2.form, GoroutineProfileForm::kDebug2);
  ASSERT_EQ(d2.groups.size(), 1u);
  EXPECT_EQ(d2.groups[0].count, 2u);
  EXPECT_EQ(d2.groups[0].status, "chan send");
  EXPECT_EQ(d2.groups[0].max_wait_minutes, 3);
  ASSERT_TRUE(d2.groups[0].created_by);
  EXPECT_EQ(d2.groups[0].created_by->line, 9);
  EXPECT_THROW(ParseGoroutineProfile("some other text\n", "x"), ReadError);
}

}  // namespace
}  // namespace gf::testing
