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

int RunHeap(const Args& args) {
  auto vm = Parse(args, CoreCommandOptions("heap options"), "core");
  auto target = OpenTarget(vm);
  auto snap = ReadHeap(*target);
  std::optional<GoroutineSnapshot> goroutines;
  try {
    goroutines = ReadGoroutines(*target);
  } catch (const ReadError& e) {
    // The heap does not need them; types are inferred from the other roots.
    snap.warnings.push_back(std::string("goroutines unreadable, their frames type nothing: ") + e.what());
  }
  InferHeapTypes(*target, snap, goroutines ? &*goroutines : nullptr);
  auto histogram = HeapHistogram(snap.heap);
  if (Json(vm)) WriteHeapJson(std::cout, InfoOf(*target), snap, histogram);
  else WriteHeapText(std::cout, InfoOf(*target), snap, histogram);
  return 0;
}

}  // namespace gf::cli
