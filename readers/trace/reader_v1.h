#pragma once
// Reads a trace of the format Go 1.19-1.21 wrote (before generations) and
// delivers its events as the version-neutral model, converted the way Go's
// parser converts old traces to the new model.
#include "readers/mapped_file.h"
#include "readers/trace/stack_table.h"
#include "readers/trace/trace_model.h"
#include "readers/trace/trace_version.h"

namespace gf::v1 {

void ReadEvents(const MappedFile& file, const TraceVersion& version, StackTable& stacks, TraceVisitor& visitor);

}  // namespace gf::v1
