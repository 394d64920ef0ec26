#include "gruntime/symbolizer.h"

namespace gf {
namespace {

// Inline trees are shallow; this only stops a corrupt tree from looping.
constexpr int kMaxInlineDepth = 1000;

}  // namespace

const SymbolizedPc* Symbolizer::Symbolize(uint64_t sym_pc) const {
  auto it = cache_.find(sym_pc);
  if (it == cache_.end()) it = cache_.emplace(sym_pc, Build(sym_pc)).first;
  return it->second.get();
}

// Walks outward through the inline tree: each inlined call is named by its
// tree entry and located by the outer function's file/line tables at the
// current pc; the next pc is the call site in the parent.
std::unique_ptr<SymbolizedPc> Symbolizer::Build(uint64_t sym_pc) const {
  auto f = table_.FindFunc(sym_pc - bias_);
  if (!f) return nullptr;
  auto out = std::make_unique<SymbolizedPc>();
  out->func = *f;
  out->entry = f->entry + bias_;
  out->name = table_.FuncName(f->name_off);
  uint64_t pc = sym_pc - bias_;
  for (int depth = 0; depth < kMaxInlineDepth; ++depth) {
    SourceFrame sf;
    sf.file = table_.FileName(*f, table_.PcValue(*f, f->pcfile, pc).value_or(-1));
    sf.line = table_.PcValue(*f, f->pcln, pc).value_or(0);
    auto ix = table_.PcData(*f, kPcdataInlTreeIndex, pc);
    auto call = ix && *ix >= 0 ? table_.InlineTreeEntry(*f, *ix) : std::nullopt;
    if (!call) {
      sf.function = out->name;
      sf.func_id = f->func_id;
      out->frames.push_back(sf);
      break;
    }
    sf.function = table_.FuncName(call->name_off);
    sf.inlined = true;
    sf.func_id = call->func_id;
    out->frames.push_back(sf);
    pc = f->entry + static_cast<uint32_t>(call->parent_pc);
  }
  return out;
}

}  // namespace gf
