#pragma once
// The first pass over a pre-Go 1.22 trace: where each P's batches are, the
// string and stack tables (written anywhere in the file, mostly at its end)
// and the tick frequency. Events stay in the mapping for the second pass.
#include <cstdint>
#include <map>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "readers/mapped_file.h"
#include "readers/trace/byte_cursor.h"
#include "readers/trace/stack_table.h"

namespace gf::v1 {

struct Index {
  uint64_t ticks_per_sec = 0;
  // P id (-1 for events outside any P) -> offsets of its batches, file order.
  std::map<int64_t, std::vector<size_t>> batches;
  std::unordered_map<uint64_t, StackId> stacks;  // trace stack id -> interned
  std::unordered_map<uint64_t, std::string_view> strings;  // string id -> text in the mapping
};

// `in` covers the events of `file`, whose pages are let go as it goes.
Index BuildIndex(const MappedFile& file, ByteCursor in, StackTable& stacks);

}  // namespace gf::v1
