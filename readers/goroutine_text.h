#pragma once
// Parser for the goroutine dump text Go itself prints: GOTRACEBACK tracebacks
// (including the GOTRACEBACK=crash form with gp=/m=/fp=/sp=/pc=), panics,
// SIGQUIT dumps, and /debug/pprof/goroutine?debug=2 (same block format) and
// ?debug=1 (aggregated counts) profiles. Used as the oracle in tests and as an
// input format for diffs.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gf {

struct TextFrame {
  std::string function;  // as printed, without the argument list: "main.(*T).run"
  std::string args;      // raw text between the parentheses ("..." for inlined frames)
  bool inlined = false;  // printed with "(...)"
  std::string file;
  int line = 0;
  std::optional<uint64_t> pc_offset;  // "+0x85"
  std::optional<uint64_t> fp, sp, pc; // GOTRACEBACK=crash only
};

struct TextCreatedBy {
  std::string function;
  std::optional<uint64_t> parent_goid;  // "in goroutine N" (Go >= 1.21)
  std::string file;
  int line = 0;
  std::optional<uint64_t> pc_offset;
};

struct TextGoroutine {
  uint64_t id = 0;
  std::string status;        // "chan receive", "running", "sync.Mutex.Lock", ...
  int64_t wait_minutes = 0;  // 0 when not printed
  bool locked_to_thread = false;
  bool scan = false;         // " (scan)"
  bool leaked = false;       // " (leaked)" (Go >= 1.26)
  bool durable = false;      // blocked durably inside a synctest bubble: " (durable)" (Go >= 1.25)
  std::optional<uint64_t> synctest_bubble;  // ", synctest bubble N" (Go >= 1.25)
  std::string labels;        // raw text inside " labels:{...}" (GODEBUG=tracebacklabels=1)
  std::optional<uint64_t> gp;     // crash form
  std::optional<int64_t> m_id;    // crash form; nullopt for "m=nil"
  std::optional<uint64_t> mp;     // crash form, printed with m_id
  std::vector<TextFrame> frames;
  bool stack_unavailable = false;  // "goroutine running on other thread; stack unavailable"
  bool frames_elided = false;      // "...additional frames elided..." or "...N frames elided..."
  size_t elided_at = 0;            // index in frames where the elision marker stood
  std::optional<TextCreatedBy> created_by;
};

// All goroutine blocks in the order they appear. A crash dump can show one
// goroutine more than once (once as "stack unavailable", once from its own
// thread); BestBlockPerGoroutine keeps one block per id.
std::vector<TextGoroutine> ParseGoroutineText(std::string_view text, const std::string& source);
std::vector<TextGoroutine> BestBlockPerGoroutine(const std::vector<TextGoroutine>& blocks);

// The aggregated /debug/pprof/goroutine?debug=1 profile (also the
// goroutineleak profile): goroutines grouped by identical stack and labels.
struct TextProfileFrame {
  uint64_t pc = 0;
  std::string function;  // empty when the runtime could not name the pc
  uint64_t offset = 0;   // "+0x3c" from the function's entry
  std::string file;
  int line = 0;
};

struct TextProfileGroup {
  uint64_t count = 0;             // goroutines with this stack
  std::vector<uint64_t> pcs;      // the "@ 0x..." return addresses, innermost first
  std::string labels;             // raw text inside "# labels: {...}", empty without labels
  std::vector<TextProfileFrame> frames;  // symbolized, runtime frames at the top hidden
};

struct TextProfile {
  std::string name;  // "goroutine", "goroutineleak"
  uint64_t total = 0;
  std::vector<TextProfileGroup> groups;
};

TextProfile ParseGoroutineProfileDebug1(std::string_view text, const std::string& source);

}  // namespace gf
