#include "readers/trace/generation_v2.h"

#include "readers/trace/event_table_v2.h"

namespace gf::v2 {

namespace {

struct BatchHeader {
  size_t start = 0;      // offset of the batch's first byte
  bool end_of_generation = false;
  bool experimental = false;
  uint64_t gen = 0, m = 0, time = 0;
  ByteCursor data;
};

BatchHeader ReadBatchHeader(ByteCursor& in, int minor) {
  size_t start = in.offset();
  uint8_t type = in.Byte();
  if (minor >= 26 && type == kEvEndOfGeneration) return {start, true, false, 0, 0, 0, in.Sub(0)};
  bool experimental = minor >= 23 && type == kEvExperimentalBatch;
  if (type != kEvEventBatch && !experimental) {
    in.FailAt(start, "expected the start of a batch, found event type " + std::to_string(type));
  }
  if (experimental) in.Byte();  // experiment id: its events are skipped
  uint64_t gen = in.Uvarint(), m = in.Uvarint(), time = in.Uvarint();
  size_t size_at = in.offset();
  uint64_t size = in.Uvarint();
  if (size > kMaxBatchSize) {
    in.FailAt(size_at, "batch size " + std::to_string(size) + " exceeds the maximum " + std::to_string(kMaxBatchSize));
  }
  if (gen == 0) in.FailAt(start, "batch of generation 0");
  return {start, false, experimental, gen, m, time, in.Sub(size)};
}

// Sync batches carry the tick frequency (and from Go 1.25 a clock snapshot).
void ReadSyncBatch(ByteCursor data, int minor, Generation& g) {
  if (minor >= 25) data.Byte();  // EvSync
  while (!data.AtEnd()) {
    size_t at = data.offset();
    uint8_t type = data.Byte();
    if (type == kEvFrequency) {
      if (g.ticks_per_sec != 0) data.FailAt(at, "second frequency event in a generation");
      g.ticks_per_sec = data.Uvarint();
      if (g.ticks_per_sec == 0) data.FailAt(at, "frequency of 0 ticks per second");
    } else if (type == kEvClockSnapshot && minor >= 25) {
      for (int i = 0; i < 4; ++i) data.Uvarint();  // dt, mono, sec, nsec: not needed
    } else {
      data.FailAt(at, "expected a frequency or clock snapshot event, found event type " + std::to_string(type));
    }
  }
}

void ReadStrings(ByteCursor data, Generation& g) {
  data.Byte();  // EvStrings
  while (!data.AtEnd()) {
    size_t at = data.offset();
    if (data.Byte() != kEvString) data.FailAt(at, "expected a string table entry");
    uint64_t id = data.Uvarint();
    size_t len_at = data.offset();
    uint64_t len = data.Uvarint();
    if (len > kMaxStringSize) data.FailAt(len_at, "string of " + std::to_string(len) + " bytes exceeds the maximum");
    if (!g.strings.emplace(id, data.Bytes(len)).second) data.FailAt(at, "string id " + std::to_string(id) + " defined twice");
  }
}

std::string_view StringOf(const Generation& g, ByteCursor& data, size_t at, uint64_t id) {
  if (id == 0) return {};  // id 0 is the empty string (e.g. a frame without a file)
  auto it = g.strings.find(id);
  if (it == g.strings.end()) data.FailAt(at, "stack frame names unknown string id " + std::to_string(id));
  return it->second;
}

void ReadStacks(ByteCursor data, StackTable& table, Generation& g) {
  data.Byte();  // EvStacks
  std::vector<TraceFrame> frames;
  while (!data.AtEnd()) {
    size_t at = data.offset();
    if (data.Byte() != kEvStack) data.FailAt(at, "expected a stack table entry");
    uint64_t id = data.Uvarint();
    uint64_t n = data.Uvarint();
    if (n > kMaxFramesPerStack) data.FailAt(at, "stack of " + std::to_string(n) + " frames exceeds the maximum");
    frames.clear();
    for (uint64_t i = 0; i < n; ++i) {
      size_t frame_at = data.offset();
      data.Uvarint();  // pc
      uint64_t func = data.Uvarint(), file = data.Uvarint(), line = data.Uvarint();
      frames.push_back({StringOf(g, data, frame_at, func), StringOf(g, data, frame_at, file), line});
    }
    if (!g.stacks.emplace(id, table.Intern(frames)).second) data.FailAt(at, "stack id " + std::to_string(id) + " defined twice");
  }
}

ThreadBatches& ThreadOf(Generation& g, std::unordered_map<uint64_t, size_t>& index, uint64_t m) {
  auto [it, added] = index.try_emplace(m, g.threads.size());
  if (added) g.threads.push_back({m, {}});
  return g.threads[it->second];
}

}  // namespace

bool ScanGeneration(ByteCursor& in, const TraceVersion& version, StackTable& stacks, Generation& g) {
  const int minor = version.minor;
  g = Generation{};
  if (in.AtEnd()) return false;
  std::vector<ByteCursor> string_batches, stack_batches;
  std::unordered_map<uint64_t, size_t> thread_index;
  size_t gen_start = in.offset();
  for (;;) {
    if (in.AtEnd()) {
      // Before Go 1.26 a generation simply ends with the file.
      if (minor >= 26) in.Fail("trace truncated: generation " + std::to_string(g.number) + " has no end marker");
      break;
    }
    size_t batch_start = in.offset();
    BatchHeader b = ReadBatchHeader(in, minor);
    if (b.end_of_generation) break;
    if (g.number == 0) g.number = b.gen;
    if (b.gen != g.number) {
      if (minor < 26 && b.gen == g.number + 1) {
        in.Rewind(batch_start);  // the next generation begins with this batch
        break;
      }
      in.FailAt(batch_start, "batch of generation " + std::to_string(b.gen) + " inside generation " +
                                 std::to_string(g.number));
    }
    if (g.min_time == 0 || b.time < g.min_time) g.min_time = b.time;
    if (b.experimental || b.data.AtEnd()) continue;
    uint8_t first = b.data.PeekByte();
    if (first == kEvStrings) string_batches.push_back(b.data);
    else if (first == kEvStacks) stack_batches.push_back(b.data);
    else if (first == kEvCPUSamples) continue;
    else if ((minor < 25 && first == kEvFrequency) || (minor >= 25 && first == kEvSync)) ReadSyncBatch(b.data, minor, g);
    else ThreadOf(g, thread_index, b.m).batches.push_back({b.data.offset(), b.data.offset() + b.data.remaining(), b.time});
  }
  if (g.ticks_per_sec == 0) in.FailAt(gen_start, "generation " + std::to_string(g.number) + " has no frequency event");
  for (const auto& s : string_batches) ReadStrings(s, g);
  for (const auto& s : stack_batches) ReadStacks(s, stacks, g);
  return true;
}

}  // namespace gf::v2
