#pragma once
// Types for the heap objects the runtime kept none for (every object before
// Go 1.22; objects without pointers and small ones since), inferred the
// way a debugger types a heap: from what is typed (globals through DWARF,
// goroutine frames' variables through DWARF locations and the stack maps'
// liveness, objects the runtime typed), each pointer's static type is
// carried to the object it points at: *T to the start of an object makes
// it a T, a slice's data its backing array of cap elements, a string's data
// string bytes, a map header its buckets or groups and tables, a channel
// its buffer, an interface's data word the type its type word names, a
// closure pointer the captured variables of its function.
//
// A type is taken only when it fits the object: not larger than its slot,
// with pointers exactly when the object's span holds pointers, and at the
// object's start (interior pointers type nothing). When two pointers say
// different things, the type covering more of the slot wins (an array over
// its first element, a struct over its first field). Runtime-recorded types
// are never replaced. Linear in objects and pointers: a worklist of object
// indexes (each object is queued again only when its type grows) and one
// bit per object.
#include <future>

#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"

namespace gf {

class Target;

// Marks the inferred objects' types in snap.heap and moves them from
// snap.totals' unknown counts to its inferred ones. goroutines: their
// frames become roots too (null: globals and typed objects only).
void InferHeapTypes(const Target& target, HeapSnapshot& snap, const GoroutineSnapshot* goroutines);

// The same on a thread of its own, started now, for the work that reads no
// types to run meanwhile: the pointer maps' edges, the object graph and its
// dominator tree (on a 2 GB heap, inference and those take seconds each).
// Until get() returns, nothing else may read snap's types, its totals, the
// DWARF types or the symbolizer. The future's destructor waits.
std::future<void> InferHeapTypesConcurrently(const Target& target, HeapSnapshot& snap,
                                             const GoroutineSnapshot* goroutines);

}  // namespace gf
