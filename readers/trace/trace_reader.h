#pragma once
// A Go execution trace file of any version goforensics knows (Go 1.19-1.26),
// mapped and read as one stream of version-neutral events.
#include <memory>
#include <string>

#include "readers/mapped_file.h"
#include "readers/trace/stack_table.h"
#include "readers/trace/trace_model.h"
#include "readers/trace/trace_version.h"

namespace gf {

class TraceReader {
 public:
  explicit TraceReader(const std::string& path);  // throws ReadError

  const std::string& path() const { return file_.path(); }
  uint64_t size() const { return file_.size(); }
  const TraceVersion& version() const { return version_; }
  // Stacks seen so far; complete once Read returns.
  const StackTable& stacks() const { return stacks_; }

  // Delivers every event in time order. Throws ReadError on corruption; the
  // events delivered before it stand.
  void Read(TraceVisitor& visitor);

 private:
  MappedFile file_;
  TraceVersion version_;
  StackTable stacks_;
};

}  // namespace gf
