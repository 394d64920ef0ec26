#pragma once
// What an audit says about a fleet: which leak signatures show up in how
// many dumps and how they grew over dump time, the worst dumps, and every
// input that failed with its reason. Built from the audit's result lines
// alone, so results merged from many machines summarise the same way.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gf {

struct SignatureSighting {
  int64_t dump_time_ns = 0;
  uint64_t count = 0;
  std::string path;
};

struct FleetSignature {
  std::string signature, leak_class, status, blocking, created_by;
  uint64_t dumps = 0, goroutines = 0, proven = 0;
  std::vector<SignatureSighting> sightings;  // by dump time
};

struct FleetDump {
  std::string path, kind, go_version;
  int64_t dump_time_ns = 0;
  uint64_t goroutines = 0, proven = 0, suspect_goroutines = 0, heap_in_use = 0;
};

struct FleetFailure {
  std::string path, kind, reason;
};

struct FleetSummary {
  uint64_t inputs = 0, ok = 0, failed = 0, bytes = 0;
  std::map<std::string, uint64_t> by_kind;
  std::vector<FleetSignature> signatures;  // in most dumps first
  std::vector<FleetDump> worst;            // most proven, then most suspect goroutines
  std::vector<FleetFailure> failures;
};

FleetSummary SummarizeFleet(const std::vector<nlohmann::json>& records);

}  // namespace gf
