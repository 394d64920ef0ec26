#include <iostream>

#include "forensics/heap_histogram.h"
#include "gruntime/heap_reader.h"
#include "reports/heap_json_report.h"
#include "reports/heap_text_report.h"
#include "tools/cli/commands.h"

namespace gf::cli {

int RunHeap(const Args& args) {
  auto vm = Parse(args, CoreCommandOptions("heap options"), "core");
  auto target = OpenTarget(vm);
  auto snap = ReadHeap(*target);
  auto histogram = HeapHistogram(snap.heap);
  if (Json(vm)) WriteHeapJson(std::cout, InfoOf(*target), snap, histogram);
  else WriteHeapText(std::cout, InfoOf(*target), snap, histogram);
  return 0;
}

}  // namespace gf::cli
