#pragma once
// Runs the audit of many inputs in parallel, each in a child process of its
// own: one input that crashes the analysis, hangs or blows the memory budget
// fails alone with its reason and loses no other result. Children run at
// most `jobs` at once and, by their estimated and then their measured
// resident memory, within `max_rss_bytes`; a large core runs alone.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "audit/audit_input.h"

namespace gf {

struct JobLimits {
  unsigned jobs = 1;
  uint64_t max_rss_bytes = 0;
  int timeout_seconds = 1800;
};

struct JobRunStats {
  uint64_t peak_total_rss_bytes = 0;  // the most all running children held at once (sampled)
  uint64_t killed_for_memory = 0;     // children stopped to stay within the budget
};

using AuditFunction = std::function<void(const AuditInput&, std::ostream&)>;
// Called in the parent with each input's result line (without newline).
using ResultSink = std::function<void(const AuditInput&, const std::string& line)>;

JobRunStats RunJobs(const std::vector<const AuditInput*>& inputs, const JobLimits& limits,
                    const AuditFunction& audit, const ResultSink& sink);

// What a job over this input is expected to hold resident.
uint64_t EstimatedRss(const AuditInput& input);

}  // namespace gf
