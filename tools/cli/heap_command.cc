#include <iostream>
#include <optional>

#include "forensics/heap_histogram.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"
#include "gruntime/heap_type_inference.h"
#include "readers/read_error.h"
#include "reports/heap_json_report.h"
#include "reports/heap_text_report.h"
#include "tools/cli/commands.h"

namespace gf::cli {

namespace {

// Goroutine frames are roots of the inference too; the heap does not need
// them otherwise, so unreadable goroutines only cost their frames' types.
void InferTypesFromAllRoots(const Target& target, HeapSnapshot& snap) {
  std::optional<GoroutineSnapshot> goroutines;
  try {
    goroutines = ReadGoroutines(target);
  } catch (const ReadError& e) {
    snap.warnings.push_back(std::string("goroutines unreadable, their frames type nothing: ") + e.what());
  }
  InferHeapTypes(target, snap, goroutines ? &*goroutines : nullptr);
}

}  // namespace

int RunHeap(const Args& args) {
  po::options_description opts = CoreCommandOptions("heap options");
  AddRuntimeTypesOnly(opts);
  auto vm = Parse(args, opts, "core");
  auto target = OpenTarget(vm);
  auto snap = ReadHeap(*target);
  if (InferTypes(vm)) InferTypesFromAllRoots(*target, snap);
  auto histogram = HeapHistogram(snap.heap);
  if (Json(vm)) WriteHeapJson(std::cout, InfoOf(*target), snap, histogram);
  else WriteHeapText(std::cout, InfoOf(*target), snap, histogram);
  return 0;
}

}  // namespace gf::cli
