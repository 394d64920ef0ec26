// Times the phases of `goforensics leaks` on one core: loading the model
// (opening the core and binary, reading every goroutine and the heap, then
// the heap's object graph: pointer maps, roots, edges) versus the leak
// analysis over it (the proof's marking, suspect grouping, heap evidence).
// The bar: analysis <= 20% of loading.
//   leak_phases CORE [EXE]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "forensics/edge_lists.h"
#include "forensics/heap_graph.h"
#include "forensics/leak_proof.h"
#include "forensics/leak_suspects.h"
#include "gruntime/gc_roots.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_pointers.h"
#include "gruntime/heap_reader.h"
#include "gruntime/target.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU seconds (user + system) so far: steadier than wall time on a shared
// machine.
double CpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: leak_phases CORE [EXE]\n");
    return 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  double c0 = CpuSeconds();
  auto target = gf::Target::Open(argv[1], argc > 2 ? argv[2] : "");
  auto goroutines = gf::ReadGoroutines(*target);
  auto heap = gf::ReadHeap(*target);
  double read = Seconds(t0);
  auto tg = std::chrono::steady_clock::now();
  gf::HeapPointers pointers(*target, heap);
  auto roots = gf::ReadGcRoots(*target, heap, goroutines, pointers);
  gf::HeapGraph graph(target->memory(), heap.heap, pointers, roots);
  auto edges = gf::BuildEdgeLists(graph);
  double build_graph = Seconds(tg);
  double load = Seconds(t0), load_cpu = CpuSeconds() - c0;

  double c1 = CpuSeconds();
  auto t1 = std::chrono::steady_clock::now();
  gf::LeakProver prover(*target, goroutines, heap, roots, graph, edges);
  const gf::LeakProof& proof = prover.Prove();
  double prove = Seconds(t1);
  auto t2 = std::chrono::steady_clock::now();
  auto suspects = gf::FindLeakSuspects(goroutines, &proof, gf::LeakOptions{});
  double group = Seconds(t2);
  auto t3 = std::chrono::steady_clock::now();
  gf::AddHeapEvidence(suspects, heap, prover);
  double evidence = Seconds(t3);
  double analysis = Seconds(t1), analysis_cpu = CpuSeconds() - c1;

  std::printf("goroutines %zu, heap objects %llu, graph edges %zu, suspect groups %zu\n",
              goroutines.goroutines.size(), static_cast<unsigned long long>(heap.totals.objects),
              static_cast<size_t>(edges.targets.size()), suspects.size());
  std::printf("load: core, goroutines and heap %.3f s, object graph %.3f s\n", read, build_graph);
  std::printf("analysis: proof %.3f s, suspects %.3f s, heap evidence %.3f s\n", prove, group, evidence);
  std::printf("load %.3f s, leak analysis %.3f s = %.1f%% of load\n", load, analysis, 100 * analysis / load);
  std::printf("cpu: load %.3f s, leak analysis %.3f s = %.1f%% of load\n", load_cpu, analysis_cpu,
              100 * analysis_cpu / load_cpu);
  return 0;
}
