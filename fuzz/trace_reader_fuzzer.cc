// Fuzzes the execution trace reader, both formats (Go 1.19-1.21 and
// 1.22+): version header, batches, string and stack tables, event ordering.
#include <cstdint>

#include "fuzz/memory_file.h"
#include "readers/read_error.h"
#include "readers/trace/trace_reader.h"

namespace {

class Consumer : public gf::TraceVisitor {
 public:
  void OnEvent(const gf::TraceEvent& e) override { sum_ += e.time_ns + e.goid + e.reason.size() + e.stack + e.value; }
  uint64_t sum() const { return sum_; }

 private:
  uint64_t sum_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static gf::fuzz::MemoryFile file;
  file.Assign(data, size);
  Consumer consumer;
  uint64_t sum = 0;
  try {
    gf::TraceReader reader(file.path());
    try {
      reader.Read(consumer);
    } catch (const gf::ReadError&) {
    }
    // The stacks read before any error stand, like the events.
    const gf::StackTable& stacks = reader.stacks();
    for (gf::StackId id = 1; id <= stacks.size(); ++id)
      for (const auto& frame : stacks.Frames(id)) sum += frame.func.size() + frame.file.size() + frame.line;
  } catch (const gf::ReadError&) {
  }
  volatile uint64_t sink = sum + consumer.sum();
  (void)sink;
  return 0;
}
