#include "reports/retained_report.h"

#include <cstdio>
#include <string>

#include "forensics/heap_histogram.h"
#include "readers/hex.h"
#include "reports/byte_size.h"
#include "reports/dump_info_json.h"
#include "reports/json_writer.h"

namespace gf {
namespace {

std::string Row(uint64_t bytes, uint64_t objects, const std::string& what) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%14llu %10s %10llu  ", static_cast<unsigned long long>(bytes), HumanBytes(bytes).c_str(),
                static_cast<unsigned long long>(objects));
  return buf + what + "\n";
}

void WriteTotalsText(std::ostream& out, const RetainedHeap& r) {
  out << "\nheap objects          " << r.heap_objects << " (" << r.heap_bytes << " bytes)\n";
  out << "reachable from roots  " << r.reachable_objects << " (" << r.reachable_bytes << " bytes)\n";
  out << "unreachable           " << r.heap_objects - r.reachable_objects << " ("
      << r.heap_bytes - r.reachable_bytes << " bytes: garbage the collector has not freed yet)\n";
  out << "shared by several roots " << r.shared_objects << " (" << r.shared_bytes << " bytes)\n";
  out << "roots                 " << r.roots.size() << ", pointer edges " << r.graph_edges << "\n";
}

}  // namespace

std::string RetainerPathLabel(const Heap& heap, const RetainedHeap& r, const RetainerPath& p) {
  std::string s = r.roots.roots[p.root].name;
  for (const auto& step : p.steps) {
    s += " -> " + HeapTypeLabel(heap.type(step.object));
    if (step.repeat > 1) s += " x" + std::to_string(step.repeat);
  }
  return s;
}

void WriteRetainedText(std::ostream& out, const DumpInfo& info, const Heap& heap, const RetainedHeap& r, size_t top) {
  out << "# core " << info.core << "\n# executable " << info.executable << " (" << info.go_version << ")\n";
  for (const auto& w : info.warnings) out << "# warning: " << w << "\n";
  for (const auto& w : r.warnings) out << "# warning: " << w << "\n";
  WriteTotalsText(out, r);

  out << "\nretained by root            bytes             objects  root\n";
  size_t n = 0;
  for (const auto& row : r.by_root) {
    if (n++ == top || row.bytes == 0) break;
    const GcRoot& root = r.roots.roots[row.root];
    std::string what = std::string(GcRootKindName(root.kind)) + "  " + root.name;
    if (root.kind == GcRoot::Kind::kGoroutine) what += " (stack " + HumanBytes(root.stack_bytes) + ")";
    out << Row(row.bytes, row.objects, what);
  }
  out << Row(r.shared_bytes, r.shared_objects, "(reachable from several roots: retained by none alone)");

  out << "\nretained by type            bytes             objects  type (count, shallow bytes)\n";
  n = 0;
  for (const auto& t : r.by_type) {
    if (n++ == top) break;
    out << Row(t.retained_bytes, t.retained_objects,
               HeapTypeLabel(heap.types()[t.type]) + " (" + std::to_string(t.count) + ", " +
                   std::to_string(t.shallow_bytes) + ")");
  }

  out << "\nretainer paths (root -> where its retained bytes fan out)\n";
  for (const auto& p : r.paths)
    out << "  " << HumanBytes(p.retained_bytes) << "  " << RetainerPathLabel(heap, r, p) << "\n";
}

void WriteRetainedJson(std::ostream& out, const DumpInfo& info, const Heap& heap, const RetainedHeap& r) {
  JsonWriter w(out);
  w.BeginObject();
  WriteDumpInfoJson(w, "goforensics.retained/v1", info, r.warnings);
  w.Key("totals").BeginObject();
  w.Field("heap_objects", r.heap_objects).Field("heap_bytes", r.heap_bytes);
  w.Field("reachable_objects", r.reachable_objects).Field("reachable_bytes", r.reachable_bytes);
  w.Field("shared_objects", r.shared_objects).Field("shared_bytes", r.shared_bytes);
  w.Field("roots", static_cast<uint64_t>(r.roots.size())).Field("edges", r.graph_edges);
  w.Field("mid_gc", r.mid_gc);
  w.EndObject();
  w.Key("skipped").BeginObject();
  w.Field("objects_without_pointer_map", r.problems.objects_without_map);
  w.Field("objects_not_in_core", r.problems.objects_not_in_core);
  w.Field("root_words_not_in_core", r.problems.root_words_not_in_core);
  w.Field("pointers_to_free_slots", r.problems.pointers_to_free_slots);
  w.EndObject();
  w.Key("roots").BeginArray();
  for (const auto& row : r.by_root) {
    const GcRoot& root = r.roots.roots[row.root];
    w.BeginObject();
    w.Field("kind", std::string_view(GcRootKindName(root.kind))).Field("name", root.name);
    w.Field("address", Hex(root.address));
    if (root.kind == GcRoot::Kind::kGoroutine) w.Field("stack_bytes", root.stack_bytes);
    w.Field("retained_bytes", row.bytes).Field("retained_objects", row.objects);
    w.EndObject();
  }
  w.EndArray();
  w.Key("types").BeginArray();
  for (const auto& t : r.by_type) {
    w.BeginObject();
    w.Field("label", HeapTypeLabel(heap.types()[t.type]));
    w.Field("count", t.count).Field("shallow_bytes", t.shallow_bytes);
    w.Field("retained_bytes", t.retained_bytes).Field("retained_objects", t.retained_objects);
    w.EndObject();
  }
  w.EndArray();
  w.Key("paths").BeginArray();
  for (const auto& p : r.paths) {
    w.BeginObject();
    w.Field("root", r.roots.roots[p.root].name).Field("retained_bytes", p.retained_bytes);
    w.Key("steps").BeginArray();
    for (const auto& s : p.steps) {
      w.BeginObject();
      w.Field("type", HeapTypeLabel(heap.type(s.object))).Field("address", Hex(heap.address(s.object)));
      w.Field("retained_bytes", s.retained_bytes).Field("repeat", s.repeat);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out << "\n";
}

}  // namespace gf
