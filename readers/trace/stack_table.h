#pragma once
// Stacks of a trace, interned by content across the whole file: the new
// format numbers stacks per generation, the old one per file, and analyses
// want one id per distinct stack. Memory grows with distinct stacks and
// function/file names only, never with the number of events.
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "readers/trace/trace_model.h"

namespace gf {

struct TraceFrame {
  std::string_view func;
  std::string_view file;
  uint64_t line = 0;
};

class StackTable {
 public:
  StackTable();
  // Frames innermost first; their strings are copied. Empty -> 0.
  StackId Intern(std::span<const TraceFrame> frames);
  std::span<const TraceFrame> Frames(StackId id) const;
  size_t size() const { return starts_.size() - 2; }

 private:
  std::string_view InternString(std::string_view s);

  std::unordered_set<std::string_view> names_;
  std::deque<std::string> name_storage_;  // stable addresses for names_
  std::vector<TraceFrame> frames_;        // all stacks back to back
  std::vector<size_t> starts_;            // stack id -> first frame; id 0 is empty
  std::unordered_map<std::string, StackId> by_content_;
};

}  // namespace gf
