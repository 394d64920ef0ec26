// The goforensics commands. Each is one file in tools/cli/ and is listed in
// the table in tools/goforensics.cc with its usage line.
#pragma once

#include "tools/cli/command_line.h"

namespace gf::cli {

int RunGoroutines(const Args& args);
int RunLeaks(const Args& args);
int RunHeap(const Args& args);
int RunRetained(const Args& args);
int RunTrace(const Args& args);
int RunDiff(const Args& args);
int RunReport(const Args& args);
int RunAudit(const Args& args);

}  // namespace gf::cli
