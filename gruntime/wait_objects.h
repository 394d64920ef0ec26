#pragma once
// What a blocked goroutine waits on, read from the runtime's own records: the
// channels of the sudogs on g.waiting (chan send, receive, select), and for
// sync primitives the semaphore address (g.waiting's sudog.elem since Go
// 1.26; before, the sudog found in the runtime's semaphore table).
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gruntime/goroutine.h"

namespace gf {

class Target;

struct WaitObjects {
  enum class Kind {
    kNotBlocked,  // not waiting on a channel or sync primitive: it may run
    kChannels,    // a non-nil channel operation or a select with cases
    kSync,        // Mutex, RWMutex, WaitGroup or Cond
    kForever,     // nil channel or select {}: no one can ever wake it
  };
  Kind kind = Kind::kNotBlocked;
  std::vector<uint64_t> addresses;  // channels (hchan) or semaphore words; empty when unknown
  std::vector<uint64_t> sudogs;     // the runtime's wait records that hold those addresses
  bool timer_channel = false;       // a channel of a time.Timer or Ticker (Go 1.23+ marks them)
  std::vector<uint64_t> element_types;  // each channel's element type descriptor (hchan.elemtype)
};

class WaitObjectReader {
 public:
  // Without DWARF the sudog layout is unknown: every goroutine reads as
  // kNotBlocked and `unavailable()` says why.
  explicit WaitObjectReader(const Target& target);

  WaitObjects Read(const Goroutine& g) const;
  const std::string& unavailable() const { return unavailable_; }

 private:
  struct SudogLayout {
    uint64_t g = 0, next = 0, prev = 0, elem = 0, c = 0, waitlink = 0;
    bool wrapped = false;  // Go 1.26: elem and c are {vp, vu} with vu the truth
    std::optional<uint64_t> hchan_timer;  // hchan.timer, Go 1.23+
    uint64_t hchan_elemtype = 0;
  };
  void IndexSemaphoreTable(const Target& target);
  void IndexSemaRoot(uint64_t treap);
  uint64_t Pointer(uint64_t sudog, uint64_t offset) const;
  uint64_t MaybeTraceable(uint64_t sudog, uint64_t offset) const;
  std::vector<uint64_t> SudogList(uint64_t first, uint64_t field) const;

  const Target& target_;
  SudogLayout s_;
  std::string unavailable_;
  struct SemaWaiter {
    uint64_t sudog, address;
  };
  std::unordered_map<uint64_t, SemaWaiter> sema_by_g_;  // by g address
};

}  // namespace gf
