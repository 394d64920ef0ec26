#pragma once
// Turns the paths given to `audit` into its inputs: folders are walked
// recursively, every regular file is identified by content and keyed by a
// hash of its content.
#include <string>
#include <vector>

#include "audit/audit_input.h"

namespace gf {

// Sorted by path; files that cannot be read are inputs too (they fail).
std::vector<AuditInput> DiscoverInputs(const std::vector<std::string>& paths);

// A 64-bit hash of the file's size and of samples of its bytes: the first
// and last MiB and 64 KiB of every 64 MiB. Cheap on many-GB cores, and any
// change a rewrite or a different dump makes lands in the samples in
// practice (headers, notes, the register sets at the start; the stacks and
// heap sampled throughout).
std::string ContentKey(const std::string& path, uint64_t size);

}  // namespace gf
