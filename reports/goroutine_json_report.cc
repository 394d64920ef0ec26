#include "reports/goroutine_json_report.h"

#include "gruntime/func_name.h"
#include "readers/hex.h"
#include "reports/dump_info_json.h"
#include "reports/json_writer.h"

namespace gf {
namespace {

const char* OriginName(StackOrigin o) {
  switch (o) {
    case StackOrigin::kScheduler: return "scheduler";
    case StackOrigin::kSyscall: return "syscall";
    case StackOrigin::kThread: return "thread";
    case StackOrigin::kSignalContext: return "signal_context";
    case StackOrigin::kUnavailable: return "unavailable";
  }
  return "unavailable";
}

void WriteDumpInfo(JsonWriter& w, const DumpInfo& info, const GoroutineSnapshot& snap, const char* schema) {
  WriteDumpInfoJson(w, schema, info, snap.warnings);
  w.Field("goroutine_count", static_cast<uint64_t>(snap.goroutines.size()));
}

void WriteOptionalInt(JsonWriter& w, std::string_view key, std::optional<int64_t> v) {
  w.Key(key);
  if (v) w.Int(*v);
  else w.Null();
}

void WriteFrames(JsonWriter& w, const Goroutine& g, const TracebackFilter& frames, bool with_registers) {
  w.Key("frames").BeginArray();
  for (auto [f, sf] : frames.Lines(g)) {
    w.BeginObject();
    w.Field("function", sf->function).Field("printed_as", TracebackFuncName(sf->function));
    w.Field("file", sf->file).Field("line", static_cast<int64_t>(sf->line)).Field("inlined", sf->inlined);
    if (!sf->inlined) {
      w.Field("pc_offset", f->pc - f->sym->entry);
      if (with_registers) w.Field("pc", Hex(f->pc)).Field("sp", Hex(f->sp)).Field("fp", Hex(f->fp));
    }
    w.EndObject();
  }
  w.EndArray();
  w.Field("stack_origin", std::string_view(OriginName(g.stack_origin)));
  w.Key("stack_incomplete");
  if (g.stack_incomplete.empty()) w.Null();
  else w.String(g.stack_incomplete);
}

void WriteCreatedBy(JsonWriter& w, const Goroutine& g, const TracebackFilter& frames) {
  w.Key("created_by");
  if (!frames.ShowsCreatedBy(g)) {
    w.Null();
    return;
  }
  const auto& inner = g.created_by->frames.front();
  w.BeginObject();
  w.Field("function", g.created_by->name).Field("printed_as", TracebackFuncName(g.created_by->name));
  w.Field("file", inner.file).Field("line", static_cast<int64_t>(inner.line));
  w.Field("pc_offset", g.created_by_pc - g.created_by->entry);
  WriteOptionalInt(w, "parent_goid", g.parent_goid ? std::optional<int64_t>(*g.parent_goid) : std::nullopt);
  w.EndObject();
}

void WriteGoroutine(JsonWriter& w, const Goroutine& g, const TracebackFilter& frames) {
  w.BeginObject();
  w.Field("id", g.id).Field("address", Hex(g.address)).Field("status", g.status);
  WriteOptionalInt(w, "wait_minutes", g.wait_minutes);
  w.Field("locked_to_thread", g.locked_to_thread).Field("system", g.system).Field("leaked", g.leaked);
  WriteOptionalInt(w, "m", g.m_id);
  w.Field("stack_lo", Hex(g.stack_bounds.lo)).Field("stack_hi", Hex(g.stack_bounds.hi));
  WriteFrames(w, g, frames, true);
  WriteCreatedBy(w, g, frames);
  w.EndObject();
}

}  // namespace

void WriteGoroutineGroupMembers(JsonWriter& w, const GoroutineGroup& group, const TracebackFilter& frames) {
  const Goroutine& g = group.representative();
  w.Field("count", static_cast<uint64_t>(group.members.size())).Field("status", g.status);
  WriteOptionalInt(w, "min_wait_minutes", group.min_wait_minutes);
  WriteOptionalInt(w, "max_wait_minutes", group.max_wait_minutes);
  w.Key("goroutine_ids").BeginArray();
  for (const auto* m : group.members) w.Uint(m->id);
  w.EndArray();
  WriteFrames(w, g, frames, false);
  WriteCreatedBy(w, g, frames);
}

void WriteGoroutinesJson(std::ostream& out, const DumpInfo& info, const GoroutineSnapshot& snap,
                         const TracebackFilter& frames) {
  JsonWriter w(out);
  w.BeginObject();
  WriteDumpInfo(w, info, snap, "goforensics.goroutines/v1");
  w.Key("goroutines").BeginArray();
  for (const auto& g : snap.goroutines) WriteGoroutine(w, g, frames);
  w.EndArray().EndObject();
  out << "\n";
}

void WriteGoroutineGroupsJson(std::ostream& out, const DumpInfo& info, const GoroutineSnapshot& snap,
                              const std::vector<GoroutineGroup>& groups, const TracebackFilter& frames) {
  JsonWriter w(out);
  w.BeginObject();
  WriteDumpInfo(w, info, snap, "goforensics.goroutine-groups/v1");
  w.Key("groups").BeginArray();
  for (const auto& group : groups) {
    w.BeginObject();
    WriteGoroutineGroupMembers(w, group, frames);
    w.EndObject();
  }
  w.EndArray().EndObject();
  out << "\n";
}

}  // namespace gf
