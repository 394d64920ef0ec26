#include "gruntime/gc_roots.h"

#include <algorithm>
#include <unordered_map>

#include "gruntime/span_specials.h"
#include "gruntime/stack_pointers.h"
#include "gruntime/target.h"
#include "readers/hex.h"

namespace gf {
namespace {

constexpr uint64_t kWord = 8;
// More modules, or a mask of more words, than this is a torn moduledata.
constexpr int kMaxModules = 1024;
constexpr uint64_t kMaxMaskWords = uint64_t{1} << 32;

// A special's root is named after its object: "finalizer of main.res at
// 0xc000012345" once types are known (NameRootObjects), the address before.
std::string SpecialRootName(GcRoot::Kind kind, const std::string& object) {
  switch (kind) {
    case GcRoot::Kind::kFinalizer: return "finalizer of " + object;
    case GcRoot::Kind::kCleanup: return "cleanup of " + object;
    default: return "weak pointer to " + object;
  }
}

class RootReader {
 public:
  RootReader(const Target& t, const HeapSnapshot& heap, const HeapPointers& pointers, GcRoots& out)
      : t_(t), mem_(t.memory()), heap_(heap), l_(heap.layouts), pointers_(pointers), out_(out) {}

  void ReadGlobals();
  void ReadStacks(const GoroutineSnapshot& goroutines);
  void ReadSpecials();

 private:
  void ReadMaskedSection(uint64_t start, uint64_t end, uint64_t mask, const char* section);
  void AddGlobalWord(uint64_t addr);
  void FinishGlobals();
  void AddFinalizer(uint64_t special, uint64_t object);
  void AddSpecialField(GcRoot::Kind kind, uint64_t object, uint64_t field, uint64_t bytes);
  void StartRoot(GcRoot r) {
    out_.roots.push_back(std::move(r));
    out_.first.push_back(static_cast<uint32_t>(out_.words.size()));
  }
  void AddWord(uint64_t addr) {
    out_.words.push_back(addr);
    out_.first.back() = static_cast<uint32_t>(out_.words.size());
  }
  void Warn(std::string w) { out_.warnings.push_back(std::move(w)); }

  const Target& t_;
  const AddressSpace& mem_;
  const HeapSnapshot& heap_;
  const HeapLayouts& l_;
  const HeapPointers& pointers_;
  GcRoots& out_;
  // Globals: the binary's data objects (runtime addresses), and which root
  // each has become.
  std::vector<ImageSymbol> symbols_;
  std::unordered_map<size_t, size_t> symbol_roots_;
  size_t unnamed_root_ = SIZE_MAX;
  std::vector<std::pair<size_t, uint64_t>> global_words_;  // (root, word address)
};

// Each module's data and bss, through the masks the runtime decoded at
// start-up (moduledata.gcdatamask/gcbssmask: one bit per word).
void RootReader::ReadGlobals() {
  symbols_ = t_.binary().image().DataObjects();
  for (auto& s : symbols_) s.addr += t_.load_bias();
  auto first = t_.MaybeGlobal("runtime.firstmoduledata");
  if (!first) Warn("no runtime.firstmoduledata: globals are not roots");
  int n = 0;
  for (uint64_t m = first.value_or(0); m != 0 && n < kMaxModules; ++n) {
    try {
      ReadMaskedSection(mem_.ReadPointer(m + l_.module_data), mem_.ReadPointer(m + l_.module_edata),
                        m + l_.module_gcdatamask, "data");
      ReadMaskedSection(mem_.ReadPointer(m + l_.module_bss), mem_.ReadPointer(m + l_.module_ebss),
                        m + l_.module_gcbssmask, "bss");
      m = mem_.ReadPointer(m + l_.module_next);
    } catch (const MemoryFault& e) {
      Warn(std::string("module list cut short: ") + e.what());
      break;
    }
  }
  FinishGlobals();
}

void RootReader::ReadMaskedSection(uint64_t start, uint64_t end, uint64_t mask, const char* section) {
  uint64_t words = static_cast<uint32_t>(mem_.Read<int32_t>(mask + l_.bitvector_n));
  uint64_t bytedata = mem_.ReadPointer(mask + l_.bitvector_bytedata);
  if (end < start || words > kMaxMaskWords || words > (end - start) / kWord + 1) {
    Warn(std::string("the ") + section + " section's pointer mask is torn: its globals are not roots");
    return;
  }
  auto bits = mem_.View(bytedata, (words + 7) / 8);
  if (words && bits.empty()) {
    Warn(std::string("the ") + section + " section's pointer mask is not in the core: its globals are not roots");
    return;
  }
  for (uint64_t i = 0; i < words; ++i)
    if ((bits[i / 8] >> (i % 8)) & 1) AddGlobalWord(start + i * kWord);
}

// A root per global variable the word belongs to; words outside every
// symbol share one root.
void RootReader::AddGlobalWord(uint64_t addr) {
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), addr,
                             [](uint64_t a, const ImageSymbol& s) { return a < s.addr; });
  size_t root;
  if (it != symbols_.begin() && addr < (it - 1)->addr + (it - 1)->size) {
    size_t sym = static_cast<size_t>(it - 1 - symbols_.begin());
    auto [r, fresh] = symbol_roots_.try_emplace(sym, out_.roots.size());
    if (fresh) out_.roots.push_back({GcRoot::Kind::kGlobal, std::string(symbols_[sym].name), symbols_[sym].addr});
    root = r->second;
  } else {
    if (unnamed_root_ == SIZE_MAX) {
      unnamed_root_ = out_.roots.size();
      out_.roots.push_back({GcRoot::Kind::kUnnamedData, "data and bss outside any symbol", 0});
    }
    root = unnamed_root_;
  }
  global_words_.push_back({root, addr});
}

// Globals are the first roots: their words, grouped by root.
void RootReader::FinishGlobals() {
  std::stable_sort(global_words_.begin(), global_words_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t w = 0;
  for (size_t root = 0; root < out_.roots.size(); ++root) {
    for (; w < global_words_.size() && global_words_[w].first == root; ++w) out_.words.push_back(global_words_[w].second);
    out_.first.push_back(static_cast<uint32_t>(out_.words.size()));
  }
  global_words_ = {};
}

void RootReader::ReadStacks(const GoroutineSnapshot& goroutines) {
  StackPointers stacks(t_);
  for (size_t i = 0; i < goroutines.goroutines.size(); ++i) {
    const Goroutine& g = goroutines.goroutines[i];
    std::string where;
    for (const auto& f : g.frames)
      if (f.sym && !f.sym->frames.empty() && !f.sym->frames.front().function.starts_with("runtime.")) {
        where = ": " + std::string(f.sym->frames.front().function);
        break;
      }
    GcRoot r{GcRoot::Kind::kGoroutine, "goroutine " + std::to_string(g.id) + " [" + g.status + "]" + where, g.address};
    r.goroutine = i;
    r.stack_bytes = g.stack_bounds.hi - g.stack_bounds.lo;
    StartRoot(std::move(r));
    for (const auto& range : stacks.Ranges(g))
      for (uint64_t a = (range.lo + kWord - 1) & ~(kWord - 1); a + kWord <= range.hi; a += kWord) AddWord(a);
  }
}

void RootReader::ReadSpecials() {
  auto each = [&](const SpanSpecial& sp) {
    if (sp.kind == l_.kind_special_finalizer) AddFinalizer(sp.record, sp.object);
    else if (sp.kind == l_.kind_special_cleanup)
      AddSpecialField(GcRoot::Kind::kCleanup, sp.object, sp.record + l_.special_cleanup_fn.offset,
                      l_.special_cleanup_fn.size);
    else if (sp.kind == l_.kind_special_weak_handle)
      AddSpecialField(GcRoot::Kind::kWeakHandle, sp.object, sp.record + l_.special_weak_handle.offset, kWord);
  };
  ForEachSpecial(mem_, heap_.heap, l_, each, out_.warnings);
}

// Like the collector's markrootSpans: the object's referents (not the
// object itself: a finalizer does not keep its own object alive) and the
// finalizer function.
void RootReader::AddFinalizer(uint64_t special, uint64_t object) {
  StartRoot({GcRoot::Kind::kFinalizer, SpecialRootName(GcRoot::Kind::kFinalizer, Hex(object)), object});
  auto o = heap_.heap.Find(object);
  if (o && !heap_.heap.span_of(*o).noscan()) {
    std::vector<uint64_t> slots;
    uint64_t base = heap_.heap.address(*o);
    if (pointers_.SlotsInto(*o, slots)) {
      for (uint64_t off : slots) AddWord(base + off);
    } else {
      for (uint64_t a = base; a < base + heap_.heap.size(*o); a += kWord) AddWord(a);
    }
  }
  AddWord(special + l_.special_finalizer_fn);
}

void RootReader::AddSpecialField(GcRoot::Kind kind, uint64_t object, uint64_t field, uint64_t bytes) {
  StartRoot({kind, SpecialRootName(kind, Hex(object)), object});
  for (uint64_t a = field; a + kWord <= field + bytes; a += kWord) AddWord(a);
}

}  // namespace

const char* GcRootKindName(GcRoot::Kind k) {
  switch (k) {
    case GcRoot::Kind::kGlobal: return "global";
    case GcRoot::Kind::kUnnamedData: return "data";
    case GcRoot::Kind::kGoroutine: return "goroutine";
    case GcRoot::Kind::kFinalizer: return "finalizer";
    case GcRoot::Kind::kCleanup: return "cleanup";
    case GcRoot::Kind::kWeakHandle: return "weak handle";
  }
  return "?";
}

GcRoots ReadGcRoots(const Target& target, const HeapSnapshot& heap, const GoroutineSnapshot& goroutines,
                    const HeapPointers& pointers) {
  GcRoots out;
  RootReader r(target, heap, pointers, out);
  r.ReadGlobals();
  r.ReadStacks(goroutines);
  r.ReadSpecials();
  return out;
}

void NameRootObjects(GcRoots& roots, const Heap& heap) {
  for (GcRoot& r : roots.roots) {
    if (r.kind != GcRoot::Kind::kFinalizer && r.kind != GcRoot::Kind::kCleanup && r.kind != GcRoot::Kind::kWeakHandle)
      continue;
    auto o = heap.Find(r.address);
    if (o && heap.type(*o).known()) r.name = SpecialRootName(r.kind, heap.type(*o).name + " at " + Hex(r.address));
  }
}

}  // namespace gf
