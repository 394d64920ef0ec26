#include "reports/heap_text_report.h"

#include <cstdio>
#include <optional>
#include <string>

namespace gf {
namespace {

std::string Column(uint64_t v, int width) {
  std::string s = std::to_string(v);
  return std::string(s.size() < static_cast<size_t>(width) ? width - s.size() : 0, ' ') + s;
}

std::string Percent(uint64_t part, uint64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

void WriteHeader(std::ostream& out, const DumpInfo& info, const HeapSnapshot& snap) {
  out << "# core " << info.core << "\n# executable " << info.executable << " (" << info.go_version << ")\n";
  for (const auto& w : info.warnings) out << "# warning: " << w << "\n";
  for (const auto& w : snap.warnings) out << "# warning: " << w << "\n";
}

void WriteTotal(std::ostream& out, const char* label, uint64_t ours, std::optional<uint64_t> runtime) {
  out << "  " << label << std::string(34 - std::string(label).size(), ' ') << Column(ours, 14);
  if (runtime) out << Column(*runtime, 16);
  out << "\n";
}

void WriteTotals(std::ostream& out, const HeapSnapshot& snap) {
  const HeapTotals& t = snap.totals;
  const auto& rt = snap.runtime;
  auto r = [&](uint64_t RuntimeHeapAccounting::*f) { return rt ? std::optional<uint64_t>((*rt).*f) : std::nullopt; };
  out << "\nheap" << std::string(32, ' ') << "  read from spans" << (rt ? "  runtime's count" : "") << "\n";
  WriteTotal(out, "allocated bytes (HeapAlloc)", t.alloc_bytes, r(&RuntimeHeapAccounting::heap_alloc));
  WriteTotal(out, "objects (HeapObjects)", t.objects, r(&RuntimeHeapAccounting::objects));
  WriteTotal(out, "in-use span bytes (HeapInuse)", t.in_use_bytes, r(&RuntimeHeapAccounting::heap_in_use));
  WriteTotal(out, "free bytes (HeapIdle-HeapReleased)", t.free_bytes, r(&RuntimeHeapAccounting::heap_free));
  WriteTotal(out, "released bytes (HeapReleased)", t.released_bytes, r(&RuntimeHeapAccounting::heap_released));
  WriteTotal(out, "stack bytes (StackInuse)", t.stack_bytes, r(&RuntimeHeapAccounting::stacks));
  out << "  spans: " << t.spans_in_use << " in use, " << t.spans_manual << " stacks and GC buffers, "
      << snap.spans_skipped << " skipped\n";
  uint64_t runtime_objects = t.objects - t.inferred_objects - t.unknown_objects;
  uint64_t runtime_bytes = t.alloc_bytes - t.inferred_bytes - t.unknown_bytes;
  auto share = [&](const char* what, uint64_t objects, uint64_t bytes) {
    out << "  " << what << objects << " objects, " << bytes << " bytes (" << Percent(bytes, t.alloc_bytes)
        << " of allocated bytes)\n";
  };
  share("type recorded by the runtime: ", runtime_objects, runtime_bytes);
  share("type inferred from pointers:  ", t.inferred_objects, t.inferred_bytes);
  share("unknown type:                 ", t.unknown_objects, t.unknown_bytes);
}

void WriteHistogram(std::ostream& out, const std::vector<HeapHistogramRow>& rows, uint64_t total) {
  out << "\n     count         bytes      %  typed by  type\n";
  for (const auto& row : rows) {
    std::string pct = Percent(row.bytes, total), source = HeapTypeSource(row);
    out << Column(row.count, 10) << Column(row.bytes, 14) << std::string(pct.size() < 7 ? 7 - pct.size() : 0, ' ')
        << pct << "  " << source << std::string(source.size() < 10 ? 10 - source.size() : 0, ' ')
        << HeapTypeLabel(*row.type) << "\n";
  }
}

}  // namespace

void WriteHeapText(std::ostream& out, const DumpInfo& info, const HeapSnapshot& snap,
                   const std::vector<HeapHistogramRow>& histogram) {
  WriteHeader(out, info, snap);
  WriteTotals(out, snap);
  WriteHistogram(out, histogram, snap.totals.alloc_bytes);
}

}  // namespace gf
