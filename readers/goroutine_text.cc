#include "readers/goroutine_text.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "readers/read_error.h"

namespace gf {
namespace {

// Hands out the text one line at a time as views into it, so a dump of
// hundreds of megabytes is read in one pass without copying. A trailing '\r'
// is dropped: captures saved on Windows parse the same.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : rest_(text) {}

  bool Next() {
    if (rest_.empty()) return false;
    size_t end = rest_.find('\n');
    line_ = rest_.substr(0, end);
    rest_ = end == std::string_view::npos ? std::string_view() : rest_.substr(end + 1);
    if (line_.ends_with('\r')) line_.remove_suffix(1);
    ++number_;
    return true;
  }
  std::string_view line() const { return line_; }
  size_t number() const { return number_; }

 private:
  std::string_view rest_;
  std::string_view line_;
  size_t number_ = 0;
};

// Lines are quoted in error messages; a corrupt dump may hold a line of
// megabytes, so only its start is shown.
std::string Quote(std::string_view s) {
  constexpr size_t kMax = 80;
  if (s.size() <= kMax) return "\"" + std::string(s) + "\"";
  return "\"" + std::string(s.substr(0, kMax)) + "...\"";
}

template <typename T>
bool ParseNumber(std::string_view s, T& out, int base) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && end == s.data() + s.size();
}

bool ParseDecimal(std::string_view s, uint64_t& out) { return ParseNumber(s, out, 10); }

// Go prints addresses and offsets as "0x" followed by lowercase hex digits.
bool ParseHex(std::string_view s, uint64_t& out) {
  if (!s.starts_with("0x")) return false;
  return ParseNumber(s.substr(2), out, 16);
}

bool ConsumePrefix(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool ConsumeSuffix(std::string_view& s, std::string_view suffix) {
  if (!s.ends_with(suffix)) return false;
  s.remove_suffix(suffix.size());
  return true;
}

// Splits off the text up to the first space (or the whole of s).
std::string_view NextWord(std::string_view& s) {
  size_t end = s.find(' ');
  std::string_view word = s.substr(0, end);
  s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  return word;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "goroutine 7 [" or "goroutine 7 gp=": the start of a block header. Other
// text that happens to begin with "goroutine" (program output, the "stack
// unavailable" note) is not taken for one.
bool LooksLikeHeader(std::string_view line) {
  if (!ConsumePrefix(line, "goroutine ") || line.empty() || !IsDigit(line[0])) return false;
  while (!line.empty() && IsDigit(line[0])) line.remove_prefix(1);
  return line.starts_with(" [") || line.starts_with(" gp=");
}

// The statuses whose wait reason itself ends in "(durable)"; for every other
// durably blocked goroutine the runtime appends " (durable)" to the status.
bool IsDurableWaitReason(std::string_view status) {
  return status == "chan receive (durable)" || status == "chan send (durable)" || status == "select (durable)" ||
         status == "sync.WaitGroup.Wait (durable)";
}

// "main.(*T).run(0xc000010000, {0x1, 0x2}, ...)": splits a frame line at its
// argument list, the last parenthesis (arguments hold no parentheses, while
// method names do). Names have no spaces, which keeps prose such as
// "stack: frame={...} stack=[...)" out.
bool SplitFrameLine(std::string_view line, std::string_view& name, std::string_view& args) {
  if (line.empty() || line[0] == ' ' || line[0] == '\t' || !line.ends_with(')')) return false;
  size_t open = line.rfind('(');
  if (open == 0 || open == std::string_view::npos) return false;
  name = line.substr(0, open);
  if (name.find(' ') != std::string_view::npos) return false;
  args = line.substr(open + 1, line.size() - open - 2);
  return true;
}

// What the tab-indented line under a frame or "created by" says.
struct Location {
  std::string_view file;
  int line = 0;
  std::optional<uint64_t> pc_offset, fp, sp, pc;
};

// Reads the trailing " +0x1d fp=0x.. sp=0x.. pc=0x.." words of a location
// line, right to left, so file names with spaces stay whole. Returns false
// on a word that starts like one of them but does not parse.
bool TakeTrailingWords(std::string_view& rest, Location& loc) {
  for (;;) {
    size_t space = rest.rfind(' ');
    if (space == std::string_view::npos) return true;
    std::string_view word = rest.substr(space + 1);
    std::optional<uint64_t>* field = nullptr;
    if (ConsumePrefix(word, "+")) field = &loc.pc_offset;
    else if (ConsumePrefix(word, "fp=")) field = &loc.fp;
    else if (ConsumePrefix(word, "sp=")) field = &loc.sp;
    else if (ConsumePrefix(word, "pc=")) field = &loc.pc;
    else return true;
    uint64_t value = 0;
    if (field->has_value() || !ParseHex(word, value)) return false;
    *field = value;
    rest = rest.substr(0, space);
  }
}

// "/path/file.go:42"; the file name may itself hold colons.
bool ParseFileLine(std::string_view text, Location& loc) {
  size_t colon = text.rfind(':');
  uint64_t line = 0;
  if (colon == 0 || colon == std::string_view::npos || !ParseDecimal(text.substr(colon + 1), line) ||
      line > INT32_MAX)
    return false;
  loc.file = text.substr(0, colon);
  loc.line = static_cast<int>(line);
  return true;
}

// "\t/path/file.go:42 +0x1d fp=0x.. sp=0x.. pc=0x..".
bool ParseLocation(std::string_view text, Location& loc) {
  return ConsumePrefix(text, "\t") && TakeTrailingWords(text, loc) && ParseFileLine(text, loc);
}

// One pass over a traceback dump. Blocks begin at a header and end at a blank
// line or the next header; anything outside a block is noise (signal banners,
// panic messages, register dumps, program output) and is skipped.
class TracebackParser {
 public:
  TracebackParser(std::string_view text, const std::string& source) : lines_(text), source_(source) {}

  std::vector<TextGoroutine> Run() {
    while (lines_.Next()) OnLine(lines_.line());
    return std::move(blocks_);
  }

 private:
  // kAncestor: inside a GODEBUG=tracebackancestors "[originating from
  // goroutine N]:" section, whose frames are not the goroutine's own.
  enum class Mode { kOutside, kBlock, kAncestor };

  [[noreturn]] void Fail(const std::string& problem) const {
    throw ReadError(source_, "line " + std::to_string(lines_.number()) + ": " + problem);
  }

  void OnLine(std::string_view line) {
    if (LooksLikeHeader(line)) {
      blocks_.push_back(ParseHeader(line));
      mode_ = Mode::kBlock;
    } else if (line.empty()) {
      mode_ = Mode::kOutside;
    } else if (mode_ != Mode::kOutside) {
      OnBlockLine(line);
    }
  }

  // Lines inside a block that are none of the kinds below are runtime
  // diagnostics ("runtime: g 5: unexpected return pc ...", stack hex dumps,
  // "non-Go function at pc=...") or output interleaved by another thread;
  // they carry nothing for the block and are skipped.
  void OnBlockLine(std::string_view line) {
    TextGoroutine& g = blocks_.back();
    bool own = mode_ == Mode::kBlock;
    std::string_view name, args;
    if (line == "\tgoroutine running on other thread; stack unavailable") {
      g.stack_unavailable = true;
    } else if (line.starts_with("created by ")) {
      TextCreatedBy c = ParseCreatedBy(line);
      if (own) g.created_by = std::move(c);
    } else if (IsElisionMarker(line)) {
      if (own && !g.frames_elided) {
        g.frames_elided = true;
        g.elided_at = g.frames.size();
      }
    } else if (line.starts_with("[originating from goroutine ") && line.ends_with("]:")) {
      mode_ = Mode::kAncestor;
    } else if (SplitFrameLine(line, name, args)) {
      TextFrame f = ParseFrame(name, args);
      if (own) g.frames.push_back(std::move(f));
    }
  }

  // "...additional frames elided..." (Go < 1.21) or "...N frames elided...".
  static bool IsElisionMarker(std::string_view line) {
    if (line == "...additional frames elided...") return true;
    if (!ConsumePrefix(line, "...") || !ConsumeSuffix(line, " frames elided...")) return false;
    uint64_t n = 0;
    return ParseDecimal(line, n);
  }

  // The line after a frame or "created by" must say where it is: without it
  // the dump was cut or mangled, and the block cannot be trusted.
  Location ReadLocation(std::string_view owner) {
    if (!lines_.Next()) Fail("input ends after " + Quote(owner) + ", before its file:line line");
    Location loc;
    if (!ParseLocation(lines_.line(), loc))
      Fail("expected the file:line line of " + Quote(owner) + ", found " + Quote(lines_.line()));
    return loc;
  }

  TextFrame ParseFrame(std::string_view name, std::string_view args) {
    TextFrame f;
    f.function = name;
    f.args = args;
    f.inlined = args == "...";
    Location loc = ReadLocation(name);
    f.file = loc.file;
    f.line = loc.line;
    f.pc_offset = loc.pc_offset;
    f.fp = loc.fp;
    f.sp = loc.sp;
    f.pc = loc.pc;
    return f;
  }

  // "created by main.spawn in goroutine 1" (Go >= 1.21) or "created by
  // main.spawn" (older). The suffix is matched from the right so that the
  // name is taken whole, whatever it holds.
  TextCreatedBy ParseCreatedBy(std::string_view line) {
    TextCreatedBy c;
    std::string_view name = line;
    ConsumePrefix(name, "created by ");
    size_t in = name.rfind(" in goroutine ");
    std::string_view suffix = in == std::string_view::npos ? std::string_view() : name.substr(in);
    uint64_t parent = 0;
    if (ConsumePrefix(suffix, " in goroutine ") && ParseDecimal(suffix, parent)) {
      c.parent_goid = parent;
      name = name.substr(0, in);
    }
    if (name.empty()) Fail("\"created by\" without a function name");
    c.function = name;
    Location loc = ReadLocation(line);
    c.file = loc.file;
    c.line = loc.line;
    c.pc_offset = loc.pc_offset;
    return c;
  }

  // "goroutine 7 gp=0x.. m=3 mp=0x.. [status, qualifiers]:".
  TextGoroutine ParseHeader(std::string_view line) {
    TextGoroutine g;
    std::string_view rest = line;
    ConsumePrefix(rest, "goroutine ");
    if (!ParseDecimal(NextWord(rest), g.id)) Fail("bad goroutine id in " + Quote(line));
    while (!rest.starts_with(" [") && !rest.empty()) ParseThreadWord(rest, g, line);
    if (!ConsumePrefix(rest, " [") || !ConsumeSuffix(rest, "]:"))
      Fail("goroutine header does not end in \"[status]:\": " + Quote(line));
    ParseBracket(rest, g, line);
    return g;
  }

  // The crash form's " gp=0x..", " m=N" / " m=nil" and " mp=0x..".
  void ParseThreadWord(std::string_view& rest, TextGoroutine& g, std::string_view line) {
    rest.remove_prefix(1);
    std::string_view word = NextWord(rest);
    uint64_t v = 0;
    if (ConsumePrefix(word, "gp=") && ParseHex(word, v)) {
      g.gp = v;
    } else if (ConsumePrefix(word, "mp=") && ParseHex(word, v)) {
      g.mp = v;
    } else if (ConsumePrefix(word, "m=") && (word == "nil" || ParseDecimal(word, v))) {
      if (word != "nil") g.m_id = static_cast<int64_t>(v);
    } else {
      Fail("unknown word in goroutine header " + Quote(line));
    }
  }

  // "chan receive (scan), 5 minutes, locked to thread, synctest bubble 1
  // labels:{"k": "v"}": the status with its parenthesized flags, then
  // comma-separated qualifiers, then the labels (which may hold anything,
  // so they are cut off first).
  void ParseBracket(std::string_view text, TextGoroutine& g, std::string_view line) {
    size_t labels = text.find(" labels:{");
    if (labels != std::string_view::npos) {
      std::string_view l = text.substr(labels);
      ConsumePrefix(l, " labels:{");
      if (!ConsumeSuffix(l, "}")) Fail("unterminated labels in " + Quote(line));
      g.labels = l;
      text = text.substr(0, labels);
    }
    size_t comma = text.find(", ");
    ParseStatus(text.substr(0, comma), g);
    while (comma != std::string_view::npos) {
      text = text.substr(comma + 2);
      comma = text.find(", ");
      ParseQualifier(text.substr(0, comma), g, line);
    }
    if (g.status.empty()) Fail("goroutine header without a status: " + Quote(line));
  }

  // The runtime appends " (leaked)", " (scan)" and " (durable)" in this
  // order; they are peeled off from the end.
  static void ParseStatus(std::string_view s, TextGoroutine& g) {
    if (!IsDurableWaitReason(s) && ConsumeSuffix(s, " (durable)")) g.durable = true;
    g.scan = ConsumeSuffix(s, " (scan)");
    g.leaked = ConsumeSuffix(s, " (leaked)");
    if (IsDurableWaitReason(s)) g.durable = true;
    g.status = s;
  }

  void ParseQualifier(std::string_view q, TextGoroutine& g, std::string_view line) {
    uint64_t n = 0;
    if (q == "locked to thread") {
      g.locked_to_thread = true;
    } else if (ConsumeSuffix(q, " minutes") && ParseDecimal(q, n) && n <= INT64_MAX) {
      g.wait_minutes = static_cast<int64_t>(n);
    } else if (ConsumePrefix(q, "synctest bubble ") && ParseDecimal(q, n)) {
      g.synctest_bubble = n;
    } else {
      Fail("unknown qualifier in goroutine header " + Quote(line));
    }
  }

  LineCursor lines_;
  const std::string& source_;
  std::vector<TextGoroutine> blocks_;
  Mode mode_ = Mode::kOutside;
};

// Splits s at runs of tabs: the debug=1 profile is written through a
// tabwriter that pads its columns with tabs.
std::vector<std::string_view> TabFields(std::string_view s) {
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = s.find_first_not_of('\t', pos);
    if (start == std::string_view::npos) break;
    size_t end = std::min(s.find('\t', start), s.size());
    fields.push_back(s.substr(start, end - start));
    pos = end;
  }
  return fields;
}

// One pass over a "?debug=1" profile: a "<name> profile: total N" line, then
// groups of "count @ pc pc ...", an optional "# labels: {...}" line and
// "#\tpc\tfunction+offset\tfile:line" lines. Text before the header line is
// skipped; the profile ends at the first line of any other kind.
class ProfileParser {
 public:
  ProfileParser(std::string_view text, const std::string& source) : lines_(text), source_(source) {}

  TextProfile Run() {
    FindHeader();
    while (lines_.Next() && OnLine(lines_.line())) {
    }
    CheckTotal();
    return std::move(profile_);
  }

 private:
  [[noreturn]] void Fail(const std::string& problem) const {
    throw ReadError(source_, "line " + std::to_string(lines_.number()) + ": " + problem);
  }

  void FindHeader() {
    while (lines_.Next()) {
      std::string_view line = lines_.line();
      size_t at = line.find(" profile: total ");
      if (at == std::string_view::npos || at == 0 || line.substr(0, at).find(' ') != std::string_view::npos) continue;
      std::string_view total = line.substr(at);
      ConsumePrefix(total, " profile: total ");
      if (!ParseDecimal(total, profile_.total)) Fail("bad total in " + Quote(line));
      profile_.name = line.substr(0, at);
      return;
    }
    throw ReadError(source_, "no \"<name> profile: total N\" line: not a debug=1 goroutine profile");
  }

  // Returns false at the first line that belongs to no profile group.
  bool OnLine(std::string_view line) {
    std::string_view rest = line;
    if (line.empty()) return true;
    if (IsDigit(line[0])) {
      profile_.groups.push_back(ParseGroupLine(line));
    } else if (ConsumePrefix(rest, "# labels: ")) {
      if (!ConsumePrefix(rest, "{") || !ConsumeSuffix(rest, "}")) Fail("bad labels line " + Quote(line));
      CurrentGroup(line).labels = rest;
    } else if (ConsumePrefix(rest, "#\t")) {
      CurrentGroup(line).frames.push_back(ParseFrameLine(rest));
    } else {
      return false;
    }
    return true;
  }

  TextProfileGroup& CurrentGroup(std::string_view line) {
    if (profile_.groups.empty()) Fail(Quote(line) + " comes before any \"count @ pcs\" line");
    return profile_.groups.back();
  }

  // "3 @ 0x43a2b6 0x44b0c5 ...".
  TextProfileGroup ParseGroupLine(std::string_view line) {
    TextProfileGroup g;
    std::string_view rest = line;
    if (!ParseDecimal(NextWord(rest), g.count) || !ConsumePrefix(rest, " @"))
      Fail("expected \"count @ pcs\", found " + Quote(line));
    while (!rest.empty()) {
      rest.remove_prefix(1);
      uint64_t pc = 0;
      if (!ParseHex(NextWord(rest), pc)) Fail("bad pc in " + Quote(line));
      g.pcs.push_back(pc);
    }
    return g;
  }

  // "0x4a2b5c  main.worker+0x3c  /path/main.go:42", or a lone pc the
  // runtime could not symbolize.
  TextProfileFrame ParseFrameLine(std::string_view text) {
    TextProfileFrame f;
    auto fields = TabFields(text);
    bool named = fields.size() == 3;
    if ((!named && fields.size() != 1) || !ParseHex(fields[0], f.pc)) Fail("bad frame line " + Quote(text));
    if (!named) return f;
    std::string_view func = fields[1];
    size_t plus = func.rfind("+0x");
    if (plus == 0 || plus == std::string_view::npos || !ParseHex(func.substr(plus + 1), f.offset))
      Fail("bad function+offset in " + Quote(text));
    f.function = func.substr(0, plus);
    Location loc;
    if (!ParseFileLine(fields[2], loc)) Fail("bad file:line in " + Quote(text));
    f.file = loc.file;
    f.line = loc.line;
    return f;
  }

  // The groups partition the goroutines the header counts; when they do not
  // add up, the profile was cut short.
  void CheckTotal() const {
    uint64_t sum = 0;
    for (const auto& g : profile_.groups) sum += g.count;
    if (sum != profile_.total)
      throw ReadError(source_, "groups hold " + std::to_string(sum) + " goroutines, the header says total " +
                                   std::to_string(profile_.total) + ": the profile is incomplete");
  }

  LineCursor lines_;
  const std::string& source_;
  TextProfile profile_;
};

}  // namespace

std::vector<TextGoroutine> ParseGoroutineText(std::string_view text, const std::string& source) {
  return TracebackParser(text, source).Run();
}

std::vector<TextGoroutine> BestBlockPerGoroutine(const std::vector<TextGoroutine>& blocks) {
  std::vector<TextGoroutine> out;
  std::unordered_map<uint64_t, size_t> index;
  for (const auto& b : blocks) {
    if (b.id == 0) continue;  // a thread's g0 or signal stack, not a goroutine
    auto [it, inserted] = index.emplace(b.id, out.size());
    if (inserted) {
      out.push_back(b);
    } else if (out[it->second].frames.empty() && !b.frames.empty()) {
      // A goroutine running on another thread is first printed as "stack
      // unavailable", then with its stack by that thread's own dump.
      out[it->second] = b;
    }
  }
  return out;
}

TextProfile ParseGoroutineProfileDebug1(std::string_view text, const std::string& source) {
  return ProfileParser(text, source).Run();
}

}  // namespace gf
