#include "gruntime/traceback_filter.h"

#include <algorithm>
#include <string_view>

namespace gf {
namespace {

// runtime.Foo or runtime.(*Foo).Bar: exported from package runtime, so shown.
bool IsExportedRuntime(std::string_view name) {
  if (!name.starts_with("runtime.")) return false;
  name.remove_prefix(8);
  std::string_view receiver;
  if (auto dot = name.rfind('.'); dot != std::string_view::npos) {
    receiver = name.substr(0, dot);
    name = name.substr(dot + 1);
    if (receiver.size() >= 3 && receiver.starts_with("(*") && receiver.ends_with(")"))
      receiver = receiver.substr(2, receiver.size() - 3);
  }
  auto upper = [](std::string_view s) { return !s.empty() && s[0] >= 'A' && s[0] <= 'Z'; };
  return upper(name) && (receiver.empty() || upper(receiver));
}

}  // namespace

TracebackFilter::TracebackFilter(const Pclntab& table, FrameFilter filter) : filter_(filter) {
  if (filter_ == FrameFilter::kAll) return;
  // FuncIDWrapper follows FuncID_systemstack_switch in every release's enum.
  for (uint64_t i = 0; i < table.function_count(); ++i) {
    auto f = table.FuncAt(i);
    if (!f) continue;
    std::string_view name = table.FuncName(f->name_off);
    if (name == "runtime.systemstack_switch") wrapper_ = f->func_id + 1;
    else if (name == "runtime.gopanic") gopanic_ = f->func_id;
    else if (name == "runtime.sigpanic") sigpanic_ = f->func_id;
    else if (name == "runtime.panicwrap") panicwrap_ = f->func_id;
    else if (name == "runtime.runfinq" || name == "runtime.runFinalizers" || name == "runtime.runCleanups")
      if (f->func_id != 0) always_shown_.push_back(f->func_id);
  }
}

// Mirrors runtime.showfuncinfo for a goroutine that is not the crashing one.
bool TracebackFilter::Shows(const SourceFrame& f, bool first, uint8_t callee) const {
  if (filter_ == FrameFilter::kAll) return true;
  bool wrapper_elided = callee != gopanic_ && callee != sigpanic_ && callee != panicwrap_;
  if (f.func_id == wrapper_ && wrapper_elided) return false;
  if (std::find(always_shown_.begin(), always_shown_.end(), f.func_id) != always_shown_.end()) return true;
  if (f.function == "runtime.gopanic" && !first) return true;
  return f.function.find('.') != std::string_view::npos &&
         (!f.function.starts_with("runtime.") || IsExportedRuntime(f.function));
}

std::vector<TracebackLine> TracebackFilter::Lines(const Goroutine& g) const {
  std::vector<TracebackLine> lines;
  uint8_t callee = 0;
  for (const auto& frame : g.frames) {
    for (const auto& source : frame.sym->frames) {
      uint8_t id = source.func_id;
      if (Shows(source, lines.empty(), callee)) lines.push_back({&frame, &source});
      callee = id;
    }
  }
  return lines;
}

bool TracebackFilter::ShowsCreatedBy(const Goroutine& g) const {
  return g.created_by && Shows(g.created_by->frames.back(), false, 0);
}

}  // namespace gf
