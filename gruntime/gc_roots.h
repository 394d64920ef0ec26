#pragma once
// What the garbage collector scans to find the live heap, named the way a
// user thinks of it: each global variable (data and bss, through the
// pointer masks the runtime decoded from the binary's gcdata/gcbss), each
// goroutine's stack (through the compiler's stack maps, StackPointers), and
// the span specials the collector treats as roots (a finalizer keeps its
// object's referents and its function alive, a cleanup its function, a
// weak pointer its handle). Off-heap runtime memory is not a root: the
// collector never scans it either.
#include <cstdint>
#include <string>
#include <vector>

#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_pointers.h"
#include "gruntime/heap_reader.h"

namespace gf {

class Target;

struct GcRoot {
  enum class Kind : uint8_t { kGlobal, kUnnamedData, kGoroutine, kFinalizer, kCleanup, kWeakHandle };
  Kind kind = Kind::kGlobal;
  std::string name;       // "main.cache", "goroutine 18: main.holdOnStack", "finalizer of main.res at 0xc0..."
  uint64_t address = 0;   // the global, the runtime.g, or the object the special is attached to
  size_t goroutine = 0;   // kGoroutine: index in the goroutine snapshot
  uint64_t stack_bytes = 0;  // kGoroutine: the stack's size (stack memory is not heap)
};

const char* GcRootKindName(GcRoot::Kind k);

struct GcRoots {
  std::vector<GcRoot> roots;
  // The addresses of the words root i holds that the collector reads as
  // pointers: words[first[i] .. first[i+1]).
  std::vector<uint64_t> words;
  std::vector<uint32_t> first{0};
  std::vector<std::string> warnings;

  size_t size() const { return roots.size(); }
};

// Reads no heap types (type inference may run meanwhile, on the same heap):
// the special roots are named by their object's address until
// NameRootObjects.
GcRoots ReadGcRoots(const Target& target, const HeapSnapshot& heap, const GoroutineSnapshot& goroutines,
                    const HeapPointers& pointers);
// Names the special roots after their object's type ("finalizer of
// main.res at 0xc000012345"), once the heap's types are final.
void NameRootObjects(GcRoots& roots, const Heap& heap);

}  // namespace gf
