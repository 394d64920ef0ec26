// Times the phases of `goforensics retained` on one core, so that a
// speed-up can be aimed where the time goes: reading the model (core,
// goroutines, heap spans and objects), type inference, the object graph
// (pointer maps, roots, edges into forward lists), the dominator tree, and
// the summary over it (retained bytes per root and type, paths, samples);
// each alone, then all as the retained analysis runs them (inference
// alongside the graph and its dominator tree).
//   heap_phases CORE [EXE]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "forensics/dominator_tree.h"
#include "forensics/edge_lists.h"
#include "forensics/heap_graph.h"
#include "forensics/retained_heap.h"
#include "gruntime/gc_roots.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_pointers.h"
#include "gruntime/heap_reader.h"
#include "gruntime/heap_type_inference.h"
#include "gruntime/target.h"

namespace {

// Wall and CPU (user + system) seconds since the last call.
class Lap {
 public:
  void Print(const char* phase) {
    auto now = std::chrono::steady_clock::now();
    double cpu = CpuSeconds();
    std::printf("%-34s %7.3f s wall %7.3f s cpu\n", phase, std::chrono::duration<double>(now - wall_).count(),
                cpu - cpu_);
    wall_ = now;
    cpu_ = cpu;
  }

 private:
  static double CpuSeconds() {
    rusage u;
    getrusage(RUSAGE_SELF, &u);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return s(u.ru_utime) + s(u.ru_stime);
  }
  std::chrono::steady_clock::time_point wall_ = std::chrono::steady_clock::now();
  double cpu_ = CpuSeconds();
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: heap_phases CORE [EXE]\n");
    return 2;
  }
  Lap lap;
  auto target = gf::Target::Open(argv[1], argc > 2 ? argv[2] : "");
  auto goroutines = gf::ReadGoroutines(*target);
  auto heap = gf::ReadHeap(*target);
  lap.Print("core, goroutines, heap");
  // Each phase alone first, one after the other.
  gf::HeapPointers pointers(*target, heap);
  auto roots = gf::ReadGcRoots(*target, heap, goroutines, pointers);
  lap.Print("pointer maps, roots");
  gf::InferHeapTypes(*target, heap, &goroutines);
  lap.Print("type inference");
  gf::HeapGraph graph(target->memory(), heap.heap, pointers, roots);
  auto edges = gf::BuildEdgeLists(graph);
  lap.Print("object graph edges");
  auto tree = gf::ComputeDominators(gf::BuildEdgeLists(graph));
  lap.Print("(edges again +) dominator tree");
  gf::RetainedOptions options;
  auto retained = gf::AnalyzeRetained(*target, heap, roots, graph, std::move(edges), options);
  lap.Print("dominator tree + summary");
  // Then as `goforensics retained` runs them: inference alongside the
  // graph and its dominator tree.
  auto fresh = gf::ReadHeap(*target);
  lap.Print("heap again");
  options.infer_heap_types = true;
  auto together = gf::AnalyzeRetained(*target, fresh, goroutines, options);
  lap.Print("retained analysis, all phases");
  std::printf("%llu objects, %llu edges, %llu reachable bytes\n", static_cast<unsigned long long>(heap.totals.objects),
              static_cast<unsigned long long>(together.graph_edges),
              static_cast<unsigned long long>(together.reachable_bytes));
  return 0;
}
