#pragma once
// The heap by type: how many objects of each type and the bytes their slots
// take, the view that shows what fills a heap.
#include <cstdint>
#include <string>
#include <vector>

#include "gruntime/heap.h"

namespace gf {

struct HeapHistogramRow {
  const HeapType* type = nullptr;
  uint64_t count = 0, bytes = 0;
  uint64_t inferred_count = 0, inferred_bytes = 0;  // of those, objects whose type was inferred
};

// Sorted by bytes, largest first; ties by name (unknown types last).
std::vector<HeapHistogramRow> HeapHistogram(const Heap& heap);

// How a row's type reads: its Go name, or for a type neither recorded nor
// inferred "unknown (48-byte slots, no pointers)".
std::string HeapTypeLabel(const HeapType& t);
// Who typed a row's objects: "runtime", "inferred", "both", or "-" for an
// unknown type.
const char* HeapTypeSource(const HeapHistogramRow& row);

}  // namespace gf
