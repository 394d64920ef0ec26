#include "reports/dump_info_json.h"

namespace gf {

void WriteDumpInfoJson(JsonWriter& w, std::string_view schema, const DumpInfo& info,
                       const std::vector<std::string>& analysis_warnings) {
  w.Field("schema", schema);
  w.Field("core", info.core).Field("executable", info.executable);
  w.Field("go_version", info.go_version).Field("build_id", info.build_id);
  w.Key("warnings").BeginArray();
  for (const auto& s : info.warnings) w.String(s);
  for (const auto& s : analysis_warnings) w.String(s);
  w.EndArray();
}

}  // namespace gf
