#include "forensics/heap_histogram.h"

#include <algorithm>
#include <tuple>

namespace gf {

std::vector<HeapHistogramRow> HeapHistogram(const Heap& heap) {
  std::vector<HeapHistogramRow> rows(heap.types().size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i].type = &heap.types()[i];
  for (const HeapSpan& s : heap.spans())
    for (uint32_t o = s.first_object; o < s.first_object + s.objects; ++o) {
      HeapHistogramRow& r = rows[heap.type_index(o)];
      r.count++;
      r.bytes += s.elem_size;
      if (heap.inferred(o)) {
        r.inferred_count++;
        r.inferred_bytes += s.elem_size;
      }
    }
  std::erase_if(rows, [](const HeapHistogramRow& r) { return r.count == 0; });
  std::sort(rows.begin(), rows.end(), [](const HeapHistogramRow& a, const HeapHistogramRow& b) {
    if (a.bytes != b.bytes) return a.bytes > b.bytes;
    return std::tuple(!a.type->known(), a.type->name, a.type->slot_size) <
           std::tuple(!b.type->known(), b.type->name, b.type->slot_size);
  });
  return rows;
}

const char* HeapTypeSource(const HeapHistogramRow& row) {
  if (!row.type->known()) return "-";
  if (row.inferred_count == 0) return "runtime";
  return row.inferred_count == row.count ? "inferred" : "both";
}

std::string HeapTypeLabel(const HeapType& t) {
  if (t.known()) return t.name;
  return "unknown (" + std::to_string(t.slot_size) + "-byte slots, " +
         (t.kind == HeapType::Kind::kUnknownNoscan ? "no pointers)" : "with pointers)");
}

}  // namespace gf
