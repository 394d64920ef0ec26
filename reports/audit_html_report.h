#pragma once
// The audit's aggregate page: leak signatures across the fleet (in how many
// dumps, how their goroutine counts moved over dump time), the worst dumps,
// and every failed input with its reason. Same page skeleton as the report.
#include <ostream>

#include "forensics/fleet_summary.h"

namespace gf {

void WriteAuditHtml(std::ostream& out, const FleetSummary& fleet);

}  // namespace gf
