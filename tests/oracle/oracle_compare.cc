#include "tests/oracle/oracle_compare.h"

#include <map>
#include <sstream>

#include "gruntime/func_name.h"
#include "readers/hex.h"

namespace gf::testing {
namespace {

struct FlatFrame {
  std::string name;
  std::string file;
  int line = 0;
  bool inlined = false;
  uint64_t pc_offset = 0, pc = 0, sp = 0, fp = 0;
};

std::vector<FlatFrame> Flatten(const Goroutine& g, const TracebackFilter& frames) {
  std::vector<FlatFrame> out;
  for (auto [f, sf] : frames.Lines(g))
    out.push_back({TracebackFuncName(sf->function), std::string(sf->file), sf->line, sf->inlined,
                   f->pc > f->sym->entry ? f->pc - f->sym->entry : 0, f->pc, f->sp, f->fp});
  return out;
}

std::string Describe(const TextFrame& o) {
  std::ostringstream s;
  s << o.function << " " << o.file << ":" << o.line;
  if (o.pc_offset) s << " +" << Hex(*o.pc_offset);
  if (o.pc) s << " pc=" << Hex(*o.pc) << " sp=" << Hex(*o.sp) << " fp=" << Hex(*o.fp);
  return s.str();
}

std::string Describe(const FlatFrame& f) {
  std::ostringstream s;
  s << f.name << " " << f.file << ":" << f.line;
  if (!f.inlined) s << " +" << Hex(f.pc_offset) << " pc=" << Hex(f.pc) << " sp=" << Hex(f.sp) << " fp=" << Hex(f.fp);
  return s.str();
}

bool SameFrame(const TextFrame& o, const FlatFrame& f, const CompareOptions& opts) {
  if (o.function != f.name || o.file != f.file || o.line != f.line || o.inlined != f.inlined) return false;
  if (f.inlined) return true;
  if (o.pc_offset.value_or(0) != f.pc_offset) return false;
  if (opts.registers && o.pc && (*o.pc != f.pc || *o.sp != f.sp || *o.fp != f.fp)) return false;
  return true;
}

// Compares oracle frames [from, to) with ours starting at `at`.
void CompareRun(const std::vector<TextFrame>& oracle, size_t from, size_t to, const std::vector<FlatFrame>& ours,
                size_t at, const CompareOptions& opts, std::vector<std::string>& diffs, const std::string& who) {
  for (size_t i = from; i < to; ++i, ++at) {
    if (at >= ours.size()) {
      diffs.push_back(who + ": missing frame " + std::to_string(i) + ": " + Describe(oracle[i]));
      return;
    }
    if (!SameFrame(oracle[i], ours[at], opts))
      diffs.push_back(who + ": frame " + std::to_string(i) + ": want " + Describe(oracle[i]) + ", have " +
                      Describe(ours[at]));
  }
}

// A goroutine that was running when the process crashed is printed by Go
// from the point where it entered the crash; our stack starts where its
// thread stood at the dump, in the runtime's crash path above that point.
size_t CrashFramesToSkip(const Goroutine& g, const std::vector<FlatFrame>& ours, const TextGoroutine& o) {
  if (g.status != "running" || o.frames.empty()) return 0;
  for (size_t skip = 0; skip < ours.size(); ++skip) {
    if (!ours[skip].name.starts_with("runtime.") && ours[skip].name != "panic") return 0;
    if (ours[skip].name == o.frames[0].function && ours[skip].file == o.frames[0].file) return skip;
  }
  return 0;
}

void CompareFrames(const Goroutine& g, const TextGoroutine& o, const CompareOptions& opts,
                   std::vector<std::string>& diffs, const std::string& who) {
  if (o.stack_unavailable) return;
  auto ours = Flatten(g, *opts.frames);
  size_t skip = CrashFramesToSkip(g, ours, o);
  if (!o.frames_elided) {
    if (ours.size() - skip != o.frames.size())
      diffs.push_back(who + ": " + std::to_string(ours.size() - skip) + " frames, oracle has " +
                      std::to_string(o.frames.size()));
    CompareRun(o.frames, 0, o.frames.size(), ours, skip, opts, diffs, who);
    return;
  }
  // Elided: the frames before the marker begin our stack, those after end it.
  size_t head = std::min(o.elided_at, o.frames.size());
  CompareRun(o.frames, 0, head, ours, skip, opts, diffs, who);
  size_t tail = o.frames.size() - head;
  if (tail > ours.size()) {
    diffs.push_back(who + ": fewer frames than the oracle's tail");
    return;
  }
  CompareRun(o.frames, head, o.frames.size(), ours, ours.size() - tail, opts, diffs, who);
}

void CompareCreatedBy(const Goroutine& g, const TextGoroutine& o, const TracebackFilter& frames,
                      std::vector<std::string>& diffs, const std::string& who) {
  if (!o.created_by) {
    if (frames.ShowsCreatedBy(g)) diffs.push_back(who + ": has created-by, oracle has none");
    return;
  }
  if (!g.created_by) {
    diffs.push_back(who + ": no created-by, oracle has " + o.created_by->function);
    return;
  }
  const auto& c = *o.created_by;
  const auto& inner = g.created_by->frames.front();
  std::string name = TracebackFuncName(g.created_by->name);
  uint64_t off = g.created_by_pc > g.created_by->entry ? g.created_by_pc - g.created_by->entry : 0;
  // Go prints no "in goroutine N" for goroutines created by goroutine 0 (the runtime).
  uint64_t parent = g.parent_goid.value_or(0);
  if (c.function != name || c.file != inner.file || c.line != inner.line || c.pc_offset.value_or(0) != off ||
      c.parent_goid.value_or(0) != parent)
    diffs.push_back(who + ": created by " + c.function + " " + c.file + ":" + std::to_string(c.line) + ", have " +
                    name + " " + std::string(inner.file) + ":" + std::to_string(inner.line));
}

}  // namespace

std::vector<std::string> CompareGoroutine(const Goroutine& g, const TextGoroutine& o, const CompareOptions& opts) {
  std::vector<std::string> diffs;
  std::string who = "goroutine " + std::to_string(o.id);
  if (g.status != o.status) diffs.push_back(who + ": status \"" + g.status + "\", oracle \"" + o.status + "\"");
  if (g.wait_minutes.value_or(0) != o.wait_minutes)
    diffs.push_back(who + ": wait " + std::to_string(g.wait_minutes.value_or(0)) + " minutes, oracle " +
                    std::to_string(o.wait_minutes));
  if (g.locked_to_thread != o.locked_to_thread) diffs.push_back(who + ": locked-to-thread differs");
  CompareFrames(g, o, opts, diffs, who);
  CompareCreatedBy(g, o, *opts.frames, diffs, who);
  return diffs;
}

std::vector<std::string> CompareWithOracle(const std::vector<Goroutine>& ours,
                                           const std::vector<TextGoroutine>& oracle, const CompareOptions& opts) {
  std::vector<std::string> diffs;
  std::map<uint64_t, const Goroutine*> by_id;
  for (const auto& g : ours) by_id[g.id] = &g;
  for (const auto& o : oracle) {
    auto it = by_id.find(o.id);
    if (it == by_id.end()) {
      diffs.push_back("goroutine " + std::to_string(o.id) + " [" + o.status + "] is missing");
      continue;
    }
    auto d = CompareGoroutine(*it->second, o, opts);
    diffs.insert(diffs.end(), d.begin(), d.end());
    by_id.erase(it);
  }
  if (opts.require_same_set)
    for (const auto& [id, g] : by_id) diffs.push_back("goroutine " + std::to_string(id) + " [" + g->status + "] is not in the oracle");
  return diffs;
}

}  // namespace gf::testing
