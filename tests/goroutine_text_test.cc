// Tests of the goroutine dump text parser against real output of Go 1.19 and
// Go 1.26 (tests/data/goroutine_text: GOTRACEBACK=crash SIGQUIT dumps, panics
// with GOTRACEBACK=all, /debug/pprof/goroutine?debug=1 and ?debug=2), and
// against broken input, which must give a ReadError or nothing, never a crash.
#include "readers/goroutine_text.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "readers/hex.h"
#include "readers/read_error.h"

namespace gf {
namespace {

// The build passes no data directory, so the fixtures are found next to
// this source file.
std::filesystem::path FixtureDir() { return std::filesystem::path(__FILE__).parent_path() / "data/goroutine_text"; }

std::string ReadFixture(const std::string& name) {
  std::ifstream in(FixtureDir() / name, std::ios::binary);
  EXPECT_TRUE(in) << "missing fixture " << (FixtureDir() / name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<TextGoroutine> ParseFixture(const std::string& name) {
  return ParseGoroutineText(ReadFixture(name), name);
}

std::vector<uint64_t> Ids(const std::vector<TextGoroutine>& blocks) {
  std::vector<uint64_t> ids;
  for (const auto& b : blocks) ids.push_back(b.id);
  return ids;
}

// The first block of goroutine `id`; an empty block (and a failure) when
// there is none, so that callers' size checks stop the test.
const TextGoroutine& Block(const std::vector<TextGoroutine>& blocks, uint64_t id) {
  for (const auto& b : blocks)
    if (b.id == id) return b;
  ADD_FAILURE() << "no goroutine " << id;
  static const TextGoroutine kNone;
  return kNone;
}

// One line per frame with every parsed field, so a mismatch shows at once
// which field differs.
std::string Describe(const TextFrame& f) {
  std::string s = f.function + "(" + f.args + ") " + f.file + ":" + std::to_string(f.line);
  if (f.pc_offset) s += " +" + Hex(*f.pc_offset);
  if (f.fp) s += " fp=" + Hex(*f.fp);
  if (f.sp) s += " sp=" + Hex(*f.sp);
  if (f.pc) s += " pc=" + Hex(*f.pc);
  if (f.inlined) s += " inlined";
  return s;
}

std::string Describe(const std::optional<TextCreatedBy>& c) {
  if (!c) return "none";
  std::string s = c->function;
  if (c->parent_goid) s += " in goroutine " + std::to_string(*c->parent_goid);
  s += " " + c->file + ":" + std::to_string(c->line);
  if (c->pc_offset) s += " +" + Hex(*c->pc_offset);
  return s;
}

std::string ErrorOf(std::string_view text) {
  try {
    ParseGoroutineText(text, "input.txt");
  } catch (const ReadError& e) {
    EXPECT_EQ(e.source(), "input.txt");
    return e.problem();
  }
  return "no error";
}

std::string ProfileErrorOf(std::string_view text) {
  try {
    ParseGoroutineProfileDebug1(text, "profile.txt");
  } catch (const ReadError& e) {
    return e.problem();
  }
  return "no error";
}

// --- Go 1.26, GOTRACEBACK=crash, SIGQUIT ---------------------------------

class Go126Crash : public ::testing::Test {
 protected:
  std::vector<TextGoroutine> blocks_ = ParseFixture("go1.26_sigquit_crash.txt");
};

TEST_F(Go126Crash, BlocksInPrintedOrderIncludingThreadDumps) {
  EXPECT_EQ(Ids(blocks_), (std::vector<uint64_t>{0, 1, 23, 27, 28, 29, 30, 32, 37, 38, 38}));
}

TEST_F(Go126Crash, HeaderThreadWords) {
  const auto& g0 = Block(blocks_, 0);
  EXPECT_EQ(g0.status, "idle");
  EXPECT_EQ(g0.gp, 0xa33960u);
  EXPECT_EQ(g0.m_id, 0);
  EXPECT_EQ(g0.mp, 0xa34900u);
  const auto& g1 = Block(blocks_, 1);
  EXPECT_EQ(g1.status, "sync.WaitGroup.Wait");
  EXPECT_EQ(g1.gp, 0x3e366feee1e0u);
  EXPECT_EQ(g1.m_id, std::nullopt);  // "m=nil"
  EXPECT_EQ(g1.mp, std::nullopt);
  EXPECT_EQ(g1.wait_minutes, 0);
  const auto& g37 = Block(blocks_, 37);
  EXPECT_EQ(g37.m_id, 8);
  EXPECT_EQ(g37.mp, 0x3e366ff58808u);
}

TEST_F(Go126Crash, FramesCarryRegisters) {
  const auto& g = Block(blocks_, 1);
  ASSERT_EQ(g.frames.size(), 8u);
  EXPECT_EQ(Describe(g.frames[0]),
            "runtime.gopark(0x0?, 0x3e366ff36de8?, 0x0?, 0x40?, 0x43aae5?) /usr/local/go/src/runtime/proc.go:462 "
            "+0xce fp=0x3e366ff36db0 sp=0x3e366ff36d90 pc=0x489b8e");
  EXPECT_EQ(Describe(g.frames[1]), "runtime.goparkunlock(...) /usr/local/go/src/runtime/proc.go:468 inlined");
  EXPECT_EQ(Describe(g.frames[4]),
            "sync.(*WaitGroup).Wait(0x3e366ffa8120) /usr/local/go/src/sync/waitgroup.go:206 +0x85 "
            "fp=0x3e366ff36e78 sp=0x3e366ff36e50 pc=0x496f85");
  EXPECT_EQ(Describe(g.frames[7]),
            "runtime.goexit({}) /usr/local/go/src/runtime/asm_amd64.s:1771 +0x1 fp=0x3e366ff36fe8 "
            "sp=0x3e366ff36fe0 pc=0x4912e1");
  EXPECT_FALSE(g.created_by);  // goroutine 1 has no creator
}

TEST_F(Go126Crash, InlinedCalleeInGoWrapper) {
  const auto& g = Block(blocks_, 23);
  EXPECT_EQ(g.status, "chan send");
  EXPECT_EQ(g.wait_minutes, 1);
  ASSERT_EQ(g.frames.size(), 6u);
  EXPECT_EQ(Describe(g.frames[3]), "main.sender(...) /tmp/gt/dump/main.go:41 inlined");
  EXPECT_EQ(Describe(g.frames[4]),
            "main.spawn.gowrap1() /tmp/gt/dump/main.go:72 +0x25 fp=0x3e366ff267e0 sp=0x3e366ff267b8 pc=0x6767a5");
  EXPECT_EQ(Describe(g.created_by), "main.spawn in goroutine 1 /tmp/gt/dump/main.go:72 +0x66");
}

TEST_F(Go126Crash, GenericFunctionName) {
  const auto& g = Block(blocks_, 27);
  ASSERT_EQ(g.frames.size(), 6u);
  EXPECT_EQ(Describe(g.frames[3]), "main.drain[...](...) /tmp/gt/dump/main.go:45 inlined");
}

TEST_F(Go126Crash, ElisionMarkerSplitsHeadAndTail) {
  const auto& g = Block(blocks_, 28);
  EXPECT_TRUE(g.frames_elided);
  EXPECT_EQ(g.elided_at, 6u);
  ASSERT_EQ(g.frames.size(), 10u);
  EXPECT_EQ(Describe(g.frames[5]), "main.recurse(...) /tmp/gt/dump/main.go:53 inlined");
  EXPECT_EQ(Describe(g.frames[6]),
            "main.recurse(0x0?, 0x0?) /tmp/gt/dump/main.go:53 +0x3f fp=0x3e366ff37fc0 sp=0x3e366ff37f98 pc=0x6764ff");
  EXPECT_EQ(g.frames[8].function, "main.main.gowrap3");
  EXPECT_EQ(Describe(g.created_by), "main.main in goroutine 1 /tmp/gt/dump/main.go:91 +0x1a6");
}

TEST_F(Go126Crash, StructArgumentsAndMethodNames) {
  const auto& g = Block(blocks_, 29);
  EXPECT_EQ(g.status, "sync.Mutex.Lock");
  ASSERT_EQ(g.frames.size(), 10u);
  EXPECT_EQ(Describe(g.frames[4]),
            "internal/sync.(*Mutex).lockSlow(0x3e366ffa8130) /usr/local/go/src/internal/sync/mutex.go:149 +0x15d "
            "fp=0x3e366fff9788 sp=0x3e366fff9738 pc=0x4956dd");
  EXPECT_EQ(Describe(g.frames[6]), "sync.(*Mutex).Lock(...) /usr/local/go/src/sync/mutex.go:46 inlined");
  EXPECT_EQ(g.frames[7].args, "{0x0?, 0x0?}, {0x0?, 0x0?}");
}

TEST_F(Go126Crash, QualifiersAndLabels) {
  const auto& sleeper = Block(blocks_, 30);
  EXPECT_EQ(sleeper.status, "sleep");
  EXPECT_EQ(sleeper.wait_minutes, 1);
  EXPECT_TRUE(sleeper.locked_to_thread);
  const auto& labelled = Block(blocks_, 32);
  EXPECT_EQ(labelled.status, "chan receive");
  EXPECT_EQ(labelled.wait_minutes, 1);
  EXPECT_FALSE(labelled.locked_to_thread);
  EXPECT_EQ(labelled.labels, "\"worker\": \"w1\"");
  EXPECT_EQ(Describe(labelled.created_by), "main.main.func2 in goroutine 1 /tmp/gt/dump/main.go:100 +0x5f");
}

TEST_F(Go126Crash, RunningElsewhereIsStackUnavailable) {
  const auto& g = Block(blocks_, 38);  // the first of its two blocks
  EXPECT_EQ(g.status, "running");
  EXPECT_TRUE(g.stack_unavailable);
  EXPECT_TRUE(g.frames.empty());
  EXPECT_EQ(Describe(g.created_by), "main.main in goroutine 1 /tmp/gt/dump/main.go:117 +0x47d");
}

TEST_F(Go126Crash, BestBlockTakesTheThreadsOwnStack) {
  auto best = BestBlockPerGoroutine(blocks_);
  EXPECT_EQ(Ids(best), (std::vector<uint64_t>{1, 23, 27, 28, 29, 30, 32, 37, 38}));
  const auto& spinner = Block(best, 38);
  EXPECT_FALSE(spinner.stack_unavailable);
  ASSERT_EQ(spinner.frames.size(), 2u);
  EXPECT_EQ(Describe(spinner.frames[0]),
            "main.spin() /tmp/gt/dump/main.go:1 +0x1 fp=0x3e366ff28fe0 sp=0x3e366ff28fd8 pc=0x6765e1");
  EXPECT_EQ(Describe(spinner.created_by), "main.main in goroutine 1 /tmp/gt/dump/main.go:117 +0x47d");
  // Its thread's dump was not kept in the fixture: nothing better to take.
  EXPECT_TRUE(Block(best, 37).stack_unavailable);
}

// --- Go 1.19, GOTRACEBACK=crash, SIGQUIT ---------------------------------

class Go119Crash : public ::testing::Test {
 protected:
  std::vector<TextGoroutine> blocks_ = ParseFixture("go1.19_sigquit_crash.txt");
};

TEST_F(Go119Crash, BlocksInPrintedOrder) {
  EXPECT_EQ(Ids(blocks_), (std::vector<uint64_t>{0, 1, 6, 9, 10, 11, 12, 13, 20, 21, 20}));
}

TEST_F(Go119Crash, HeadersHaveNoThreadWords) {
  const auto& g0 = Block(blocks_, 0);
  EXPECT_EQ(g0.status, "idle");
  EXPECT_EQ(g0.gp, std::nullopt);
  EXPECT_EQ(g0.m_id, std::nullopt);
  ASSERT_EQ(g0.frames.size(), 8u);
  EXPECT_EQ(Describe(g0.frames[0]),
            "runtime.futex() /usr/lib/go-1.19/src/runtime/sys_linux_amd64.s:559 +0x21 fp=0x7ffcf277b290 "
            "sp=0x7ffcf277b288 pc=0x46d1e1");
  EXPECT_EQ(Block(blocks_, 1).status, "semacquire");
}

TEST_F(Go119Crash, CreatedByWithoutParent) {
  const auto& g = Block(blocks_, 6);
  EXPECT_EQ(g.status, "chan send");
  EXPECT_EQ(g.wait_minutes, 1);
  ASSERT_EQ(g.frames.size(), 6u);
  EXPECT_EQ(Describe(g.frames[3]),
            "main.sender(0x0?, 0x0?) /tmp/gt/dump/main.go:41 +0x25 fp=0xc00003a7c0 sp=0xc00003a798 pc=0x6743e5");
  EXPECT_EQ(g.frames[4].function, "main.spawn.func3");
  EXPECT_EQ(Describe(g.created_by), "main.spawn /tmp/gt/dump/main.go:72 +0x6d");
}

TEST_F(Go119Crash, InlinedFrameBetweenPhysicalOnes) {
  const auto& g = Block(blocks_, 9);
  ASSERT_EQ(g.frames.size(), 7u);
  EXPECT_EQ(Describe(g.frames[3]), "main.waitOn(...) /tmp/gt/dump/main.go:34 inlined");
  EXPECT_EQ(Describe(g.frames[4]),
            "main.receiver(0x0?) /tmp/gt/dump/main.go:37 +0x2b fp=0xc00003bfc8 sp=0xc00003bf68 pc=0x67432b");
  ASSERT_EQ(Block(blocks_, 10).frames.size(), 6u);
  EXPECT_EQ(Block(blocks_, 10).frames[3].function, "main.drain[...]");
}

TEST_F(Go119Crash, AdditionalFramesElidedHasNoTail) {
  const auto& g = Block(blocks_, 11);
  EXPECT_TRUE(g.frames_elided);
  EXPECT_EQ(g.elided_at, 4u);
  ASSERT_EQ(g.frames.size(), 4u);
  EXPECT_EQ(g.frames[3].args, "0xb09a9e3843513961?, 0x20445f4a3b4fe8b3?");
  EXPECT_EQ(Describe(g.created_by), "main.main /tmp/gt/dump/main.go:91 +0x1d0");
}

TEST_F(Go119Crash, QualifiersAndBestBlock) {
  const auto& sleeper = Block(blocks_, 13);
  EXPECT_EQ(sleeper.status, "sleep");
  EXPECT_EQ(sleeper.wait_minutes, 1);
  EXPECT_TRUE(sleeper.locked_to_thread);
  auto best = BestBlockPerGoroutine(blocks_);
  EXPECT_EQ(Ids(best), (std::vector<uint64_t>{1, 6, 9, 10, 11, 12, 13, 20, 21}));
  ASSERT_EQ(Block(best, 20).frames.size(), 2u);
  EXPECT_EQ(Describe(Block(best, 20).frames[1]),
            "runtime.goexit() /usr/lib/go-1.19/src/runtime/asm_amd64.s:1594 +0x1 fp=0xc000187fe8 sp=0xc000187fe0 "
            "pc=0x46b2e1");
  EXPECT_TRUE(Block(best, 21).stack_unavailable);
}

// --- /debug/pprof/goroutine?debug=2 --------------------------------------

TEST(GoroutineTextDebug2, Go126) {
  auto blocks = ParseFixture("go1.26_debug2.txt");
  EXPECT_EQ(Ids(blocks), (std::vector<uint64_t>{16, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 34}));
  const auto& handler = Block(blocks, 16);
  ASSERT_EQ(handler.frames.size(), 9u);
  EXPECT_EQ(Describe(handler.frames[0]),
            "runtime/pprof.writeGoroutineStacks({0x791940, 0x4f80236a000}) "
            "/usr/local/go/src/runtime/pprof/pprof.go:819 +0x6b");
  EXPECT_EQ(Describe(handler.created_by),
            "net/http.(*Server).Serve in goroutine 15 /usr/local/go/src/net/http/server.go:3464 +0x485");
  // The go wrapper is hidden, leaving a goroutine with one inlined frame.
  const auto& sender = Block(blocks, 4);
  ASSERT_EQ(sender.frames.size(), 1u);
  EXPECT_EQ(Describe(sender.frames[0]), "main.sender(...) /tmp/gt/dump/main.go:41 inlined");
  const auto& recursive = Block(blocks, 9);
  EXPECT_TRUE(recursive.frames_elided);
  EXPECT_EQ(recursive.elided_at, 4u);
  EXPECT_EQ(recursive.frames.size(), 6u);
  // A frame at its function's entry: no offset, yet not inlined.
  const auto& reader = Block(blocks, 34);
  ASSERT_EQ(reader.frames.size(), 2u);
  EXPECT_EQ(Describe(reader.frames[0]),
            "net/http.(*connReader).startBackgroundRead.gowrap2() /usr/local/go/src/net/http/server.go:698");
  EXPECT_EQ(Block(blocks, 11).status, "runnable");
}

TEST(GoroutineTextDebug2, Go119) {
  auto blocks = ParseFixture("go1.19_debug2.txt");
  EXPECT_EQ(Ids(blocks), (std::vector<uint64_t>{1, 19, 22, 23, 24, 28}));
  // Go 1.19 stops after 100 physical frames; the three hidden runtime frames
  // count, and then no elision marker is printed.
  const auto& recursive = Block(blocks, 24);
  EXPECT_EQ(recursive.frames.size(), 97u);
  EXPECT_FALSE(recursive.frames_elided);
  EXPECT_EQ(Describe(recursive.created_by), "main.main /tmp/gt/dump/main.go:91 +0x1d0");
  const auto& server = Block(blocks, 28);
  ASSERT_EQ(server.frames.size(), 1u);
  EXPECT_EQ(Describe(server.frames[0]),
            "main.(*server).loop(0xc0000a0138, {0x765650, 0xc000098000}) /tmp/gt/dump/main.go:24 +0x89");
}

// --- panics with GOTRACEBACK=all -----------------------------------------

TEST(GoroutineTextPanic, Go126RepanicInGoroutine) {
  auto blocks = ParseFixture("go1.26_panic_all.txt");
  EXPECT_EQ(Ids(blocks), (std::vector<uint64_t>{19, 1, 4, 5}));
  const auto& g = Block(blocks, 19);
  EXPECT_EQ(g.status, "running");
  ASSERT_EQ(g.frames.size(), 3u);
  EXPECT_EQ(Describe(g.frames[1]),
            "panic({0x4b05e0?, 0x19ced1882020?}) /usr/local/go/src/runtime/panic.go:860 +0x13a");
  EXPECT_EQ(Describe(g.created_by), "main.main in goroutine 1 /tmp/gt/panic/main.go:33 +0x107");
}

TEST(GoroutineTextPanic, Go119RepanicInGoroutine) {
  auto blocks = ParseFixture("go1.19_panic_all.txt");
  EXPECT_EQ(Ids(blocks), (std::vector<uint64_t>{5, 1, 18, 19}));
  ASSERT_EQ(Block(blocks, 5).frames.size(), 3u);
  EXPECT_EQ(Describe(Block(blocks, 5).frames[1]),
            "panic({0x48cfe0, 0xc000026040}) /usr/lib/go-1.19/src/runtime/panic.go:884 +0x212");
  ASSERT_EQ(Block(blocks, 18).frames.size(), 1u);
  EXPECT_EQ(Describe(Block(blocks, 18).frames[0]), "main.block(0x0?) /tmp/gt/panic/main.go:14 +0x1b");
}

TEST(GoroutineTextPanic, SegvBothVersions) {
  auto v126 = ParseFixture("go1.26_segv_all.txt");
  EXPECT_EQ(Ids(v126), (std::vector<uint64_t>{1, 6, 7}));
  ASSERT_EQ(Block(v126, 1).frames.size(), 2u);
  EXPECT_EQ(Describe(Block(v126, 1).frames[0]), "main.deref(...) /tmp/gt/panic/main.go:23 inlined");
  EXPECT_EQ(Describe(Block(v126, 1).frames[1]), "main.main() /tmp/gt/panic/main.go:32 +0xe4");
  auto v119 = ParseFixture("go1.19_segv_all.txt");
  EXPECT_EQ(Ids(v119), (std::vector<uint64_t>{1, 18, 19}));
  EXPECT_EQ(Describe(Block(v119, 19).created_by), "main.main /tmp/gt/panic/main.go:28 +0x5f");
}

TEST(GoroutineTextPanic, GenericCreator) {
  auto v119 = ParseFixture("go1.19_generic_all.txt");
  ASSERT_EQ(Block(v119, 17).frames.size(), 1u);
  EXPECT_EQ(Describe(Block(v119, 17).frames[0]), "main.spawnAll[...].func1() /tmp/gt/gen/main.go:10 +0x52");
  EXPECT_EQ(Describe(Block(v119, 17).created_by), "main.spawnAll[...] /tmp/gt/gen/main.go:8 +0x59");
  auto v126 = ParseFixture("go1.26_generic_all.txt");
  EXPECT_EQ(Describe(Block(v126, 17).created_by), "main.spawnAll[...] in goroutine 1 /tmp/gt/gen/main.go:8 +0x6b");
}

TEST(GoroutineTextPanic, AncestorSectionsAreNotTheGoroutinesFrames) {
  auto blocks = ParseFixture("go1.26_ancestors.txt");
  EXPECT_EQ(Ids(blocks), (std::vector<uint64_t>{5, 1, 18, 19}));
  const auto& g = Block(blocks, 18);
  ASSERT_EQ(g.frames.size(), 1u);
  EXPECT_EQ(g.frames[0].function, "main.block");
  EXPECT_EQ(Describe(g.created_by), "main.main in goroutine 1 /tmp/gt/panic/main.go:28 +0x57");
  EXPECT_EQ(Block(blocks, 5).frames.size(), 3u);
}

TEST(GoroutineTextPanic, SynctestBubbleAndDurable) {
  auto blocks = ParseFixture("go1.26_synctest_all.txt");
  EXPECT_EQ(Ids(blocks), (std::vector<uint64_t>{6, 1, 4, 5, 7, 8}));
  const auto& running = Block(blocks, 6);
  EXPECT_EQ(running.status, "running");
  EXPECT_EQ(running.synctest_bubble, 1u);
  EXPECT_FALSE(running.durable);
  EXPECT_EQ(Block(blocks, 1).synctest_bubble, std::nullopt);
  ASSERT_EQ(Block(blocks, 1).frames.size(), 6u);
  EXPECT_EQ(Block(blocks, 1).frames[3].args,
            "{0x58917c, 0x11}, {0x58917c, 0x11}, 0x219b16db6060, {0x6cd2c0, 0x1, 0x1}, "
            "{0xc2b8ed3176eca9c8, 0x8bb2cbfa3d, ...}");
  EXPECT_EQ(Describe(Block(blocks, 1).frames[5]), "main.main() _testmain.go:46 +0x9b");
  // " (durable)" appended by the runtime is a flag ...
  EXPECT_EQ(Block(blocks, 4).status, "synctest.Run");
  EXPECT_TRUE(Block(blocks, 4).durable);
  EXPECT_EQ(Block(blocks, 8).status, "sleep");
  EXPECT_TRUE(Block(blocks, 8).durable);
  // ... while the synctest channel wait reasons carry it in their name.
  EXPECT_EQ(Block(blocks, 7).status, "chan receive (durable)");
  EXPECT_TRUE(Block(blocks, 7).durable);
  EXPECT_EQ(Describe(Block(blocks, 7).created_by),
            "example.com/synct.TestBubble.func1 in goroutine 6 /tmp/gt/synct/s_test.go:12 +0x57");
}

TEST(GoroutineTextPanic, LeakedGoroutinesPrintedTwice) {
  auto blocks = ParseFixture("go1.26_leaked.txt");
  EXPECT_EQ(Ids(blocks), (std::vector<uint64_t>{1, 7, 8, 9, 1, 7, 8, 9}));
  auto best = BestBlockPerGoroutine(blocks);
  EXPECT_EQ(Ids(best), (std::vector<uint64_t>{1, 7, 8, 9}));
  const auto& leaked = Block(best, 7);
  EXPECT_EQ(leaked.status, "chan send");
  EXPECT_TRUE(leaked.leaked);
  // Both blocks of goroutine 1 have frames: the first one stays.
  ASSERT_EQ(Block(best, 1).frames.size(), 4u);
  EXPECT_EQ(Block(best, 1).frames[0].function, "runtime/pprof.writeGoroutineStacks");
}

// --- /debug/pprof/goroutine?debug=1 --------------------------------------

TEST(GoroutineProfileDebug1, Go126) {
  auto p = ParseGoroutineProfileDebug1(ReadFixture("go1.26_debug1.txt"), "go1.26_debug1.txt");
  EXPECT_EQ(p.name, "goroutine");
  EXPECT_EQ(p.total, 15u);
  ASSERT_EQ(p.groups.size(), 15u);
  const auto& spin = p.groups[1];
  EXPECT_EQ(spin.count, 1u);
  EXPECT_EQ(spin.pcs, (std::vector<uint64_t>{0x451f94, 0x49240b, 0x6765e2, 0x4912e1}));
  ASSERT_EQ(spin.frames.size(), 1u);
  EXPECT_EQ(spin.frames[0].pc, 0x6765e1u);
  EXPECT_EQ(spin.frames[0].function, "main.spin");
  EXPECT_EQ(spin.frames[0].offset, 0x1u);
  EXPECT_EQ(spin.frames[0].file, "/tmp/gt/dump/main.go");
  EXPECT_EQ(spin.frames[0].line, 1);
  const auto& labelled = p.groups[6];
  EXPECT_EQ(labelled.labels, "\"worker\":\"w1\"");
  ASSERT_EQ(labelled.frames.size(), 1u);
  EXPECT_EQ(labelled.frames[0].function, "main.waitOn");
  EXPECT_EQ(p.groups[7].frames.at(0).function, "main.drain[...]");
  // Columns padded with several tabs.
  const auto& poll = p.groups[8].frames.at(0);
  EXPECT_EQ(poll.function, "internal/poll.runtime_pollWait");
  EXPECT_EQ(poll.offset, 0x84u);
  EXPECT_EQ(poll.file, "/usr/local/go/src/runtime/netpoll.go");
  EXPECT_EQ(poll.line, 351);
  // Only runtime.goexit, which is never shown.
  EXPECT_EQ(p.groups[14].pcs, (std::vector<uint64_t>{0x4912e1}));
  EXPECT_TRUE(p.groups[14].frames.empty());
}

TEST(GoroutineProfileDebug1, Go119) {
  auto p = ParseGoroutineProfileDebug1(ReadFixture("go1.19_debug1.txt"), "go1.19_debug1.txt");
  EXPECT_EQ(p.total, 15u);
  ASSERT_EQ(p.groups.size(), 15u);
  EXPECT_EQ(p.groups[1].frames.at(0).function, "main.spin");
  EXPECT_EQ(p.groups[1].frames.at(0).offset, 0u);
  EXPECT_EQ(p.groups[4].labels, "\"worker\":\"w1\"");
  const auto& main = p.groups[11];
  ASSERT_EQ(main.frames.size(), 4u);
  EXPECT_EQ(main.frames[2].pc, 0x674ec5u);
  EXPECT_EQ(main.frames[2].function, "main.main");
  EXPECT_EQ(main.frames[2].offset, 0x5e5u);
  EXPECT_EQ(main.frames[2].line, 111);
}

TEST(GoroutineProfileDebug1, LeakProfileFollowedByTracebacks) {
  auto p = ParseGoroutineProfileDebug1(ReadFixture("go1.26_leaked.txt"), "go1.26_leaked.txt");
  EXPECT_EQ(p.name, "goroutineleak");
  EXPECT_EQ(p.total, 3u);
  ASSERT_EQ(p.groups.size(), 1u);
  EXPECT_EQ(p.groups[0].count, 3u);
  EXPECT_EQ(p.groups[0].pcs.size(), 5u);
  ASSERT_EQ(p.groups[0].frames.size(), 1u);
  EXPECT_EQ(p.groups[0].frames[0].function, "main.leakOne.func1");
}

TEST(GoroutineProfileDebug1, UnsymbolizedPc) {
  auto p = ParseGoroutineProfileDebug1("goroutine profile: total 2\n2 @ 0x4912e1\n#\t0x4912e0\n\n", "p");
  ASSERT_EQ(p.groups.size(), 1u);
  ASSERT_EQ(p.groups[0].frames.size(), 1u);
  EXPECT_EQ(p.groups[0].frames[0].pc, 0x4912e0u);
  EXPECT_EQ(p.groups[0].frames[0].function, "");
}

TEST(GoroutineProfileDebug1, BrokenProfiles) {
  EXPECT_NE(ProfileErrorOf("").find("no \"<name> profile: total N\" line"), std::string::npos);
  EXPECT_NE(ProfileErrorOf(ReadFixture("go1.26_debug2.txt")), "no error");
  EXPECT_NE(ProfileErrorOf("goroutine profile: total 3\n1 @ 0x1\n").find("the profile is incomplete"),
            std::string::npos);
  EXPECT_EQ(ProfileErrorOf("goroutine profile: total 1\n#\t0x1\tf+0x1\t/a.go:1\n1 @ 0x2\n"),
            "line 2: \"#\t0x1\tf+0x1\t/a.go:1\" comes before any \"count @ pcs\" line");
  EXPECT_EQ(ProfileErrorOf("goroutine profile: total 1\n1 @ 0x1 0xzz\n"), "line 2: bad pc in \"1 @ 0x1 0xzz\"");
  EXPECT_EQ(ProfileErrorOf("goroutine profile: total 1\n1 @ 0x1\n#\t0x1\tmain.f\t/a.go:1\n"),
            "line 3: bad function+offset in \"0x1\tmain.f\t/a.go:1\"");
  EXPECT_EQ(ProfileErrorOf("goroutine profile: total 1\n1 @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go\n"),
            "line 3: bad file:line in \"0x1\tmain.f+0x1\t/a.go\"");
  EXPECT_EQ(ProfileErrorOf("goroutine profile: total x\n"), "line 1: bad total in \"goroutine profile: total x\"");
  EXPECT_EQ(ProfileErrorOf("goroutine profile: total 1\n1 @ 0x1\n# labels: \"a\":\"b\"\n"),
            "line 3: bad labels line \"# labels: \"a\":\"b\"\"");
}

// Argument forms the runtime's printArgs can produce that the fixtures do
// not show: nested aggregates and "_" for an offset too large to print.
TEST(GoroutineTextArguments, NestedAggregatesAndPlaceholders) {
  auto blocks = ParseGoroutineText(
      "goroutine 3 [select]:\nmain.(*pool[...]).run({{0x1, 0x2}, 0x3?}, _, {})\n\t/src/pool.go:7 +0x10\n", "args");
  ASSERT_EQ(blocks.size(), 1u);
  ASSERT_EQ(blocks[0].frames.size(), 1u);
  EXPECT_EQ(Describe(blocks[0].frames[0]), "main.(*pool[...]).run({{0x1, 0x2}, 0x3?}, _, {}) /src/pool.go:7 +0x10");
}

// --- broken and hostile input --------------------------------------------

TEST(GoroutineTextMalformed, EmptyAndNoiseGiveNothing) {
  EXPECT_TRUE(ParseGoroutineText("", "empty").empty());
  EXPECT_TRUE(ParseGoroutineText("\n\n\r\n", "blank").empty());
  std::string noise = "SIGQUIT: quit\nPC=0x0 m=0 sigcode=0\npanic: oops(1)\n\tpanic: again\nmain.f()\n"
                      "goroutine 5 finished\ngoroutine running on other thread\nrax    0x0\n-----\nexit status 2\n";
  const char kBinary[] = "\0\xff\x01goroutine\0";
  noise += std::string(kBinary, sizeof kBinary - 1);
  EXPECT_TRUE(ParseGoroutineText(noise, "noise").empty());
}

TEST(GoroutineTextMalformed, TruncatedBlock) {
  EXPECT_EQ(ErrorOf("goroutine 1 [running]:\nmain.main()"),
            "line 2: input ends after \"main.main\", before its file:line line");
  EXPECT_EQ(ErrorOf("goroutine 7 [running]:\nmain.f()\n\t/a.go:3\ncreated by main.main in goroutine 1\n"),
            "line 4: input ends after \"created by main.main in goroutine 1\", before its file:line line");
  EXPECT_EQ(ErrorOf("goroutine 7 [chan rec"),
            "line 1: goroutine header does not end in \"[status]:\": \"goroutine 7 [chan rec\"");
}

TEST(GoroutineTextMalformed, FrameWithoutLocation) {
  EXPECT_EQ(ErrorOf("goroutine 1 [running]:\nmain.main()\nmain.other()\n\t/a.go:1\n"),
            "line 3: expected the file:line line of \"main.main\", found \"main.other()\"");
  EXPECT_EQ(ErrorOf("goroutine 1 [running]:\nmain.main()\n\t/a.go:12a\n"),
            "line 3: expected the file:line line of \"main.main\", found \"\t/a.go:12a\"");
  EXPECT_EQ(ErrorOf("goroutine 1 [running]:\nmain.main()\n\t/a.go:12 +0x1 +0x2\n"),
            "line 3: expected the file:line line of \"main.main\", found \"\t/a.go:12 +0x1 +0x2\"");
  EXPECT_EQ(ErrorOf("goroutine 1 [running]:\nmain.main()\n\t/a.go:1 +0x10000000000000000\n"),
            "line 3: expected the file:line line of \"main.main\", found \"\t/a.go:1 +0x10000000000000000\"");
}

TEST(GoroutineTextMalformed, UnparsableHeaders) {
  EXPECT_EQ(ErrorOf("goroutine 99999999999999999999 [running]:\n"),
            "line 1: bad goroutine id in \"goroutine 99999999999999999999 [running]:\"");
  EXPECT_EQ(ErrorOf("\ngoroutine 7 gp=0xzz [running]:\n"),
            "line 2: unknown word in goroutine header \"goroutine 7 gp=0xzz [running]:\"");
  EXPECT_EQ(ErrorOf("goroutine 7 [running, on fire]:\n"),
            "line 1: unknown qualifier in goroutine header \"goroutine 7 [running, on fire]:\"");
  EXPECT_EQ(ErrorOf("goroutine 7 []:\n"), "line 1: goroutine header without a status: \"goroutine 7 []:\"");
  EXPECT_EQ(ErrorOf("goroutine 7 [idle labels:{\"a\": \"b\"]:\n"),
            "line 1: unterminated labels in \"goroutine 7 [idle labels:{\"a\": \"b\"]:\"");
}

TEST(GoroutineTextMalformed, HugeLines) {
  std::string huge(16 << 20, 'x');
  EXPECT_TRUE(ParseGoroutineText(huge, "huge").empty());
  // A huge frame line: the error quotes only its start.
  std::string frame = "goroutine 1 [running]:\nmain.f(" + std::string(4 << 20, '0') + ")\nnot a location\n";
  std::string problem = ErrorOf(frame);
  EXPECT_TRUE(problem.starts_with("line 3: expected the file:line line of \"main.f\"")) << problem.substr(0, 200);
  EXPECT_LT(problem.size(), 300u);
  // Huge but well formed arguments parse.
  std::string args(1 << 20, '?');
  auto blocks = ParseGoroutineText("goroutine 1 [running]:\nmain.f(" + args + ")\n\t/a.go:1 +0x2\n", "big");
  ASSERT_EQ(blocks.size(), 1u);
  ASSERT_EQ(blocks[0].frames.size(), 1u);
  EXPECT_EQ(blocks[0].frames[0].args.size(), args.size());
}

TEST(GoroutineTextMalformed, CrLfLineEndings) {
  std::string text = ReadFixture("go1.26_sigquit_crash.txt");
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto lf = ParseGoroutineText(text, "lf");
  auto dos = ParseGoroutineText(crlf, "crlf");
  ASSERT_EQ(Ids(lf), Ids(dos));
  for (size_t i = 0; i < lf.size(); ++i) {
    ASSERT_EQ(lf[i].frames.size(), dos[i].frames.size());
    for (size_t j = 0; j < lf[i].frames.size(); ++j)
      EXPECT_EQ(Describe(lf[i].frames[j]), Describe(dos[i].frames[j]));
    EXPECT_EQ(Describe(lf[i].created_by), Describe(dos[i].created_by));
    EXPECT_EQ(lf[i].labels, dos[i].labels);
  }
}

// 100k goroutines, each printed twice like a crash dump does for goroutines
// running on other threads: one linear pass, one block kept per id.
TEST(GoroutineTextMalformed, ManyGoroutines) {
  constexpr uint64_t kCount = 100000;
  std::string text;
  for (uint64_t id = 1; id <= kCount; ++id) {
    std::string n = std::to_string(id);
    text += "goroutine " + n + " [running]:\n\tgoroutine running on other thread; stack unavailable\n\n";
    text += "goroutine " + n + " gp=0xc000007340 m=2 mp=0xc000100008 [running]:\nmain.worker(0x" + n +
            ", ...)\n\t/src/main.go:" + n + " +0x1d fp=0xc00004e7d0 sp=0xc00004e7b0 pc=0x4a2b5d\n"
            "created by main.spawn in goroutine 1\n\t/src/main.go:9 +0x25\n\n";
  }
  auto blocks = ParseGoroutineText(text, "many");
  ASSERT_EQ(blocks.size(), 2 * kCount);
  auto best = BestBlockPerGoroutine(blocks);
  ASSERT_EQ(best.size(), kCount);
  EXPECT_EQ(best.back().id, kCount);
  ASSERT_EQ(best.back().frames.size(), 1u);
  EXPECT_EQ(best.back().frames[0].line, static_cast<int>(kCount));
  EXPECT_EQ(best.back().frames[0].args, "0x100000, ...");
}

}  // namespace
}  // namespace gf
