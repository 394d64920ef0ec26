#include "reports/heap_json_report.h"

#include "readers/hex.h"
#include "reports/dump_info_json.h"
#include "reports/json_writer.h"

namespace gf {
namespace {

const char* KindName(HeapType::Kind k) {
  switch (k) {
    case HeapType::Kind::kType: return "type";
    case HeapType::Kind::kArrayOf: return "array";
    case HeapType::Kind::kUnknownNoscan: return "unknown_noscan";
    case HeapType::Kind::kUnknownScan: return "unknown_scan";
  }
  return "unknown_scan";
}

void WriteTotals(JsonWriter& w, const HeapSnapshot& snap) {
  const HeapTotals& t = snap.totals;
  w.Key("totals").BeginObject();
  w.Field("alloc_bytes", t.alloc_bytes).Field("objects", t.objects).Field("in_use_bytes", t.in_use_bytes);
  w.Field("free_bytes", t.free_bytes).Field("released_bytes", t.released_bytes);
  w.Field("stack_bytes", t.stack_bytes).Field("manual_span_bytes", t.manual_bytes);
  w.Field("spans_in_use", t.spans_in_use).Field("spans_manual", t.spans_manual);
  w.Field("spans_skipped", snap.spans_skipped);
  w.Field("unknown_objects", t.unknown_objects).Field("unknown_bytes", t.unknown_bytes);
  w.Field("inferred_objects", t.inferred_objects).Field("inferred_bytes", t.inferred_bytes);
  w.EndObject();
}

void WriteRuntime(JsonWriter& w, const HeapSnapshot& snap) {
  w.Key("runtime");
  if (!snap.runtime) {
    w.Null();
    return;
  }
  const RuntimeHeapAccounting& r = *snap.runtime;
  w.BeginObject();
  w.Field("alloc_bytes", r.heap_alloc).Field("objects", r.objects).Field("in_use_bytes", r.heap_in_use);
  w.Field("free_bytes", r.heap_free).Field("released_bytes", r.heap_released);
  w.Field("stack_bytes", r.stacks).Field("workbuf_bytes", r.workbufs);
  w.EndObject();
}

}  // namespace

void WriteHeapTypesJson(JsonWriter& w, std::span<const HeapHistogramRow> rows) {
  w.Key("types").BeginArray();
  for (const auto& row : rows) {
    const HeapType& t = *row.type;
    w.BeginObject();
    w.Key("type");
    if (t.known()) w.String(t.name);
    else w.Null();
    w.Field("kind", std::string_view(KindName(t.kind)));
    w.Key("type_address");
    if (t.known() && t.address) w.String(Hex(t.address));
    else w.Null();
    w.Field("label", HeapTypeLabel(t));
    w.Field("count", row.count).Field("bytes", row.bytes);
    w.Field("inferred_count", row.inferred_count).Field("inferred_bytes", row.inferred_bytes);
    w.EndObject();
  }
  w.EndArray();
}

void WriteHeapTotalsJson(JsonWriter& w, const HeapSnapshot& snap) {
  WriteTotals(w, snap);
  WriteRuntime(w, snap);
}

void WriteHeapJson(std::ostream& out, const DumpInfo& info, const HeapSnapshot& snap,
                   const std::vector<HeapHistogramRow>& histogram) {
  JsonWriter w(out);
  w.BeginObject();
  WriteDumpInfoJson(w, "goforensics.heap/v1", info, snap.warnings);
  WriteHeapTotalsJson(w, snap);
  WriteHeapTypesJson(w, histogram);
  w.EndObject();
  out << "\n";
}

}  // namespace gf
