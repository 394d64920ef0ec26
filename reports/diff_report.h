#pragma once
// A goroutine diff for a terminal (text) and for machines (JSON, schema
// "goforensics.diff/v1", see docs/json-schema.md).
#include <ostream>
#include <string>

#include "forensics/goroutine_diff.h"

namespace gf {

class JsonWriter;

struct DiffInput {
  std::string path;
  const GoroutineSites& sites;
};

struct DiffReport {
  DiffInput old_input, new_input;
  const GoroutineDiff& diff;
};

// Pieces of both, for the report's growth view: "grew", "appeared", ...;
// what groups were matched by ("status, blocking site and creation site");
// one change as a JSON object.
const char* ChangeName(Change c);
std::string MatchedBy(const GoroutineDiff& d);
void WriteChangeJson(JsonWriter& w, const GroupChange& c);

void WriteDiffText(std::ostream& out, const DiffReport& report);
void WriteDiffJson(std::ostream& out, const DiffReport& report);

}  // namespace gf
