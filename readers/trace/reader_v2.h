#pragma once
// Reads a Go 1.22+ trace generation by generation and delivers its events to
// a visitor in Go's order: per-thread batches merged by timestamp, with
// timestamps made strictly increasing as Go's parser does.
#include <cstdint>

#include "readers/mapped_file.h"
#include "readers/trace/stack_table.h"
#include "readers/trace/trace_model.h"
#include "readers/trace/trace_version.h"

namespace gf::v2 {

void ReadEvents(const MappedFile& file, const TraceVersion& version, StackTable& stacks, TraceVisitor& visitor);

}  // namespace gf::v2
