#pragma once
// The runtime's sparse two-level tables (mheap_.arenas, mheap_.pages.chunks):
// an L1 array of pointers to L2 arrays, indexed by the high and low bits of
// an arena or chunk index.
#include <cstdint>

#include "gruntime/address_space.h"

namespace gf {

// Address of entry `index` (entries of entry_size bytes), 0 when its L2
// array was never allocated. Throws MemoryFault when the L1 slot is not in
// the core.
inline uint64_t TwoLevelEntry(const AddressSpace& mem, uint64_t table, uint64_t index, uint64_t l2_bits,
                              uint64_t entry_size) {
  uint64_t l2 = mem.ReadPointer(table + (index >> l2_bits) * 8);
  if (l2 == 0) return 0;
  return l2 + (index & ((uint64_t{1} << l2_bits) - 1)) * entry_size;
}

}  // namespace gf
