#pragma once
// The audit of one input: a pure function of its files (the input and, for
// a core, its executable), so any job runner can shard an archive. Its
// result is one JSON object on one line (schema goforensics.audit/v1 in
// docs/json-schema.md); a failure is a result too, with its reason.
#include <ostream>

#include "audit/audit_input.h"
#include "audit/executable_index.h"

namespace gf {

void AuditOne(const AuditInput& input, const ExecutableIndex& executables, std::ostream& out);

// The line for an input whose job died before writing one (a crash, a
// timeout): the runner writes it instead.
void WriteFailedAudit(const AuditInput& input, const std::string& reason, std::ostream& out);

}  // namespace gf
