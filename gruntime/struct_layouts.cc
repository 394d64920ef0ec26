#include "gruntime/struct_layouts.h"

#include "readers/dwarf_types.h"
#include "readers/read_error.h"

namespace gf {
namespace {

class LayoutReader {
 public:
  LayoutReader(const DwarfTypes& d, const std::string& source) : d_(d), source_(source) {}

  const DwarfStruct& Struct(const std::string& name) const {
    const DwarfStruct* s = d_.Struct(name);
    if (!s) throw ReadError(source_, "DWARF has no type " + name);
    return *s;
  }
  std::optional<uint64_t> MaybeField(const std::string& type, const std::string& path) const {
    const DwarfStruct* s = &Struct(type);
    uint64_t off = 0;
    // "sched.sp": walk into nested struct members by their type names.
    size_t start = 0;
    for (;;) {
      size_t dot = path.find('.', start);
      std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      const DwarfMember* m = s->Member(part);
      if (!m) return std::nullopt;
      off += m->offset;
      if (dot == std::string::npos) return off;
      s = &Struct(NestedType(type, part));
      start = dot + 1;
    }
  }
  uint64_t Field(const std::string& type, const std::string& path) const {
    auto v = MaybeField(type, path);
    if (!v) throw ReadError(source_, "DWARF type " + type + " has no field " + path);
    return *v;
  }
  uint32_t Const(const std::string& name) const {
    auto v = d_.Constant(name);
    if (!v) throw ReadError(source_, "DWARF has no constant " + name);
    return static_cast<uint32_t>(*v);
  }
  std::optional<uint32_t> MaybeConst(const std::string& name) const {
    auto v = d_.Constant(name);
    if (!v) return std::nullopt;
    return static_cast<uint32_t>(*v);
  }

 private:
  // The nested structs the goroutine model reads through.
  static std::string NestedType(const std::string& outer, const std::string& member) {
    if (member == "sched") return "runtime.gobuf";
    if (member == "stack") return "runtime.stack";
    throw ReadError("", "no nested layout for " + outer + "." + member);
  }

  const DwarfTypes& d_;
  const std::string& source_;
};

}  // namespace

RuntimeLayouts RuntimeLayouts::FromDwarf(const DwarfTypes& dwarf, const std::string& source) {
  LayoutReader r(dwarf, source);
  RuntimeLayouts l;
  l.g_size = r.Struct("runtime.g").size;
  l.g_stack_lo = r.Field("runtime.g", "stack.lo");
  l.g_stack_hi = r.Field("runtime.g", "stack.hi");
  l.g_sched_sp = r.Field("runtime.g", "sched.sp");
  l.g_sched_pc = r.Field("runtime.g", "sched.pc");
  l.g_syscallsp = r.Field("runtime.g", "syscallsp");
  l.g_syscallpc = r.Field("runtime.g", "syscallpc");
  l.g_atomicstatus = r.Field("runtime.g", "atomicstatus");
  l.g_goid = r.Field("runtime.g", "goid");
  l.g_waitsince = r.Field("runtime.g", "waitsince");
  l.g_waitreason = r.Field("runtime.g", "waitreason");
  l.g_m = r.Field("runtime.g", "m");
  l.g_lockedm = r.Field("runtime.g", "lockedm");
  l.g_gopc = r.Field("runtime.g", "gopc");
  l.g_startpc = r.Field("runtime.g", "startpc");
  l.g_waiting = r.Field("runtime.g", "waiting");
  l.g_parent_goid = r.MaybeField("runtime.g", "parentGoid");
  l.m_id = r.Field("runtime.m", "id");
  l.m_procid = r.Field("runtime.m", "procid");
  l.m_curg = r.Field("runtime.m", "curg");
  l.m_gsignal = r.Field("runtime.m", "gsignal");
  l.m_g0 = r.Field("runtime.m", "g0");
  l.m_vdso_sp = r.Field("runtime.m", "vdsoSP");
  l.m_vdso_pc = r.Field("runtime.m", "vdsoPC");
  l.sched_lastpoll = r.Field("runtime.schedt", "lastpoll");
  l.mstats_last_gc_unix = r.Field("runtime.mstats", "last_gc_unix");
  l.mstats_last_gc_nanotime = r.Field("runtime.mstats", "last_gc_nanotime");
  l.status = {r.Const("runtime._Gidle"),    r.Const("runtime._Grunnable"), r.Const("runtime._Grunning"),
              r.Const("runtime._Gsyscall"), r.Const("runtime._Gwaiting"),  r.Const("runtime._Gdead"),
              r.Const("runtime._Gcopystack"), r.Const("runtime._Gpreempted"), r.Const("runtime._Gscan"),
              r.MaybeConst("runtime._Gleaked"), r.MaybeConst("runtime._Gdeadextra")};
  l.status_strings = dwarf.VariableSize("runtime.gStatusStrings").value_or(0) / 16;
  l.wait_reason_strings = dwarf.VariableSize("runtime.waitReasonStrings").value_or(0) / 16;
  return l;
}

}  // namespace gf
