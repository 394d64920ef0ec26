#include "readers/trace/index_v1.h"

#include <limits>

#include "readers/trace/event_table_v1.h"
#include "readers/trace/raw_event_v1.h"

namespace gf::v1 {

namespace {

constexpr uint64_t kMaxFrames = 1000;  // Go's parser's limit

int64_t ProcOf(const ByteCursor& in, const RawEvent& e) {
  if (e.v[0] == std::numeric_limits<uint64_t>::max()) return -1;
  if (e.v[0] > std::numeric_limits<int32_t>::max()) in.FailAt(e.offset, "P id " + std::to_string(e.v[0]) + " too large");
  return static_cast<int64_t>(e.v[0]);
}

std::string_view StringOf(const std::unordered_map<uint64_t, std::string_view>& strings, const ByteCursor& in,
                          size_t at, uint64_t id) {
  if (id == 0) return {};
  auto it = strings.find(id);
  if (it == strings.end()) in.FailAt(at, "stack frame names unknown string id " + std::to_string(id));
  return it->second;
}

void AddStack(const ByteCursor& file, size_t begin, size_t end,
              const std::unordered_map<uint64_t, std::string_view>& strings, StackTable& table, Index& index) {
  ByteCursor values = file.At(begin, end);
  values.Uvarint();  // the values' length
  uint64_t id = values.Uvarint();
  size_t n_at = values.offset();
  uint64_t n = values.Uvarint();
  if (n > kMaxFrames) values.FailAt(n_at, "stack of " + std::to_string(n) + " frames exceeds the maximum");
  std::vector<TraceFrame> frames;
  for (uint64_t i = 0; i < n; ++i) {
    size_t at = values.offset();
    values.Uvarint();  // pc
    uint64_t func = values.Uvarint(), file_id = values.Uvarint(), line = values.Uvarint();
    frames.push_back({StringOf(strings, values, at, func), StringOf(strings, values, at, file_id), line});
  }
  if (!values.AtEnd()) values.Fail("stack has values beyond its frames");
  if (id != 0 && !frames.empty()) index.stacks[id] = table.Intern(frames);
}

}  // namespace

Index BuildIndex(const MappedFile& mapping, ByteCursor in, StackTable& stacks) {
  constexpr size_t kResidentBytes = 32 << 20;  // read pages kept before letting them go
  const ByteCursor file = in;
  size_t dropped_at = in.offset();
  Index index;
  auto& strings = index.strings;
  std::vector<std::pair<size_t, size_t>> stack_events;
  bool in_batch = false;
  RawEvent e;
  while (!in.AtEnd()) {
    if (in.offset() - dropped_at > kResidentBytes) {
      mapping.DropResidentPages();
      dropped_at = in.offset();
    }
    ReadRawEvent(in, e);
    switch (e.type) {
      case kEvString:
        if (e.v[0] == 0 || !strings.emplace(e.v[0], e.text).second) {
          in.FailAt(e.offset, "string id " + std::to_string(e.v[0]) + " is invalid or defined twice");
        }
        continue;
      case kEvBatch:
        index.batches[ProcOf(in, e)].push_back(e.offset);
        in_batch = true;
        continue;
      case kEvFrequency:
        index.ticks_per_sec = e.v[0];
        if (index.ticks_per_sec == 0 || index.ticks_per_sec > uint64_t{1} << 62) in.FailAt(e.offset, "invalid frequency");
        break;
      case kEvStack:
        if (e.values_end != 0) stack_events.push_back({e.values_begin, e.values_end});
        break;
    }
    if (!in_batch) in.FailAt(e.offset, "event before the first batch");
  }
  if (index.ticks_per_sec == 0) in.Fail("trace has no frequency event");
  for (const auto& [begin, end] : stack_events) AddStack(file, begin, end, strings, stacks, index);
  return index;
}

}  // namespace gf::v1
