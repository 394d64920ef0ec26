#pragma once
// The members every JSON report of a core starts with (docs/json-schema.md,
// "Common fields"): schema, core, executable, Go version, build ID and the
// warnings of the dump and of the analysis.
#include <string>
#include <string_view>
#include <vector>

#include "reports/dump_info.h"
#include "reports/json_writer.h"

namespace gf {

void WriteDumpInfoJson(JsonWriter& w, std::string_view schema, const DumpInfo& info,
                       const std::vector<std::string>& analysis_warnings);

}  // namespace gf
