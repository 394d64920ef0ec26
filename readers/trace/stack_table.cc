#include "readers/trace/stack_table.h"

#include <cstring>

namespace gf {

StackTable::StackTable() : starts_{0, 0} {}

std::string_view StackTable::InternString(std::string_view s) {
  if (auto it = names_.find(s); it != names_.end()) return *it;
  return *names_.insert(name_storage_.emplace_back(s)).first;
}

StackId StackTable::Intern(std::span<const TraceFrame> frames) {
  if (frames.empty()) return 0;
  // Interned names are equal exactly when their addresses are, so a stack's
  // key is the bytes of its (func, file, line) triples.
  std::vector<TraceFrame> interned;
  interned.reserve(frames.size());
  std::string key;
  key.reserve(frames.size() * 24);
  for (const auto& f : frames) {
    TraceFrame i{InternString(f.func), InternString(f.file), f.line};
    interned.push_back(i);
    const char* ptrs[2] = {i.func.data(), i.file.data()};
    key.append(reinterpret_cast<const char*>(ptrs), sizeof ptrs);
    key.append(reinterpret_cast<const char*>(&i.line), sizeof i.line);
  }
  auto [it, added] = by_content_.try_emplace(std::move(key), static_cast<StackId>(size() + 1));
  if (added) {
    frames_.insert(frames_.end(), interned.begin(), interned.end());
    starts_.push_back(frames_.size());
  }
  return it->second;
}

std::span<const TraceFrame> StackTable::Frames(StackId id) const {
  if (id == 0 || id > size()) return {};
  return std::span<const TraceFrame>(frames_).subspan(starts_[id], starts_[id + 1] - starts_[id]);
}

}  // namespace gf
