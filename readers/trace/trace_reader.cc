#include "readers/trace/trace_reader.h"

#include "readers/trace/reader_v1.h"
#include "readers/trace/reader_v2.h"

namespace gf {

TraceReader::TraceReader(const std::string& path)
    : file_(path), version_(ReadTraceVersion(file_.path(), file_.bytes())) {}

void TraceReader::Read(TraceVisitor& visitor) {
  if (version_.new_format()) v2::ReadEvents(file_, version_, stacks_, visitor);
  else v1::ReadEvents(file_, version_, stacks_, visitor);
}

}  // namespace gf
