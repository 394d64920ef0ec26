#include "gruntime/wait_objects.h"

#include <cstring>
#include <unordered_set>

#include "gruntime/target.h"

namespace gf {
namespace {

// Bounds every list and tree walk: a torn pointer must not loop.
constexpr size_t kMaxSudogs = 1 << 22;
// runtime.semTabSize, unchanged since Go 1.9.
constexpr uint64_t kSemTabSize = 251;
constexpr uint64_t kCacheLine = 64;

WaitObjects::Kind KindOf(const std::string& status) {
  using K = WaitObjects::Kind;
  if (status == "chan send (nil chan)" || status == "chan receive (nil chan)" || status == "select (no cases)")
    return K::kForever;
  if (status == "chan send" || status == "chan receive" || status == "select") return K::kChannels;
  if (status == "semacquire" || status == "sync.Mutex.Lock" || status == "sync.RWMutex.Lock" ||
      status == "sync.RWMutex.RLock" || status == "sync.Cond.Wait" || status == "sync.WaitGroup.Wait")
    return K::kSync;
  return K::kNotBlocked;
}

}  // namespace

WaitObjectReader::WaitObjectReader(const Target& target) : target_(target) {
  const DwarfTypes* d = target.binary().dwarf();
  const DwarfStruct* sudog = d ? d->Struct("runtime.sudog") : nullptr;
  if (!sudog) {
    unavailable_ = "the binary has no DWARF for runtime.sudog: what blocked goroutines wait on is unknown";
    return;
  }
  auto off = [&](const char* name) {
    const DwarfMember* m = sudog->Member(name);
    return m ? m->offset : 0;
  };
  s_ = {off("g"), off("next"), off("prev"), off("elem"), off("c"), off("waitlink"), false, std::nullopt};
  s_.wrapped = d->Struct("runtime.maybeTraceablePtr") != nullptr;
  if (const DwarfStruct* hchan = d->Struct("runtime.hchan"))
  {
    if (const DwarfMember* timer = hchan->Member("timer")) s_.hchan_timer = timer->offset;
    if (const DwarfMember* elemtype = hchan->Member("elemtype")) s_.hchan_elemtype = elemtype->offset;
  }
  IndexSemaphoreTable(target);
}

uint64_t WaitObjectReader::Pointer(uint64_t sudog, uint64_t offset) const {
  auto b = target_.memory().View(sudog + offset, 8);
  if (b.empty()) return 0;
  uint64_t v;
  std::memcpy(&v, b.data(), 8);
  return v;
}

uint64_t WaitObjectReader::MaybeTraceable(uint64_t sudog, uint64_t offset) const {
  return Pointer(sudog, offset + (s_.wrapped ? 8 : 0));
}

std::vector<uint64_t> WaitObjectReader::SudogList(uint64_t first, uint64_t field) const {
  std::vector<uint64_t> out;
  for (uint64_t s = first; s != 0 && out.size() < kMaxSudogs; s = Pointer(s, field)) out.push_back(s);
  return out;
}

// Before Go 1.26 a goroutine in semacquire leaves g.waiting unset; its sudog
// sits in the semaphore table: a treap per bucket (prev/next are children),
// each node heading a waitlink list of waiters on the same address.
void WaitObjectReader::IndexSemaphoreTable(const Target& target) {
  const DwarfTypes* d = target.binary().dwarf();
  auto table = target.MaybeGlobal("runtime.semtable");
  const DwarfStruct* root = d->Struct("runtime.semaRoot");
  const DwarfMember* treap = root ? root->Member("treap") : nullptr;
  if (!table || !treap) return;
  // Each bucket is a semaRoot padded to a cache line (64 bytes on amd64).
  uint64_t stride = d->VariableSize("runtime.semtable").value_or(0) / kSemTabSize;
  if (stride == 0) stride = (root->size + kCacheLine - 1) / kCacheLine * kCacheLine;
  for (uint64_t i = 0; i < kSemTabSize; ++i) IndexSemaRoot(Pointer(*table + i * stride, treap->offset));
}

void WaitObjectReader::IndexSemaRoot(uint64_t treap) {
  std::vector<uint64_t> pending{treap};
  std::unordered_set<uint64_t> seen;
  while (!pending.empty() && seen.size() < kMaxSudogs) {
    uint64_t node = pending.back();
    pending.pop_back();
    if (node == 0 || !seen.insert(node).second) continue;
    for (uint64_t s : SudogList(node, s_.waitlink)) {
      uint64_t g = Pointer(s, s_.g);
      if (g != 0) sema_by_g_[g] = {s, MaybeTraceable(s, s_.elem)};
    }
    pending.push_back(Pointer(node, s_.prev));
    pending.push_back(Pointer(node, s_.next));
  }
}

WaitObjects WaitObjectReader::Read(const Goroutine& g) const {
  WaitObjects w;
  if (!unavailable_.empty()) return w;
  w.kind = KindOf(g.status);
  if (w.kind == WaitObjects::Kind::kChannels) {
    w.sudogs = SudogList(g.waiting, s_.waitlink);
    for (uint64_t s : w.sudogs) {
      uint64_t c = MaybeTraceable(s, s_.c);
      if (c == 0) continue;
      w.addresses.push_back(c);
      if (s_.hchan_timer && Pointer(c, *s_.hchan_timer) != 0) w.timer_channel = true;
      if (s_.hchan_elemtype) w.element_types.push_back(Pointer(c, s_.hchan_elemtype));
    }
  } else if (w.kind == WaitObjects::Kind::kSync) {
    SemaWaiter waiter{g.waiting, g.waiting ? MaybeTraceable(g.waiting, s_.elem) : 0};
    if (auto it = sema_by_g_.find(g.address); waiter.sudog == 0 && it != sema_by_g_.end()) waiter = it->second;
    if (waiter.sudog != 0) w.sudogs.push_back(waiter.sudog);
    if (waiter.address != 0) w.addresses.push_back(waiter.address);
  }
  return w;
}

}  // namespace gf
