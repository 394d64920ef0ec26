#include "forensics/fleet_summary.h"

#include <algorithm>
#include <set>

namespace gf {
namespace {

using nlohmann::json;

template <typename T>
T Get(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    return fallback;  // a hand-edited or foreign line: take what is readable
  }
}

void AddSuspects(const json& r, std::map<std::string, FleetSignature>& signatures, FleetDump& dump) {
  auto it = r.find("suspects");
  if (it == r.end() || !it->is_array()) return;
  for (const json& s : *it) {
    std::string sig = Get<std::string>(s, "signature", "");
    if (sig.empty()) continue;
    FleetSignature& f = signatures[sig];
    if (f.signature.empty()) {
      f.signature = sig;
      f.leak_class = Get<std::string>(s, "class", "");
      f.status = Get<std::string>(s, "status", "");
      f.blocking = Get<std::string>(s, "blocking", "");
      f.created_by = Get<std::string>(s, "created_by", "");
    }
    uint64_t count = Get<uint64_t>(s, "count", 0), proven = Get<uint64_t>(s, "proven", 0);
    f.dumps++;
    f.goroutines += count;
    f.proven += proven;
    f.sightings.push_back({dump.dump_time_ns, count, dump.path});
    dump.suspect_goroutines += count;
  }
}

}  // namespace

FleetSummary SummarizeFleet(const std::vector<json>& records) {
  FleetSummary f;
  std::map<std::string, FleetSignature> signatures;
  std::set<std::string> seen_keys;  // the same bytes under two paths count once
  for (const json& r : records) {
    f.inputs++;
    std::string kind = Get<std::string>(r, "kind", "unknown");
    f.by_kind[kind]++;
    f.bytes += Get<uint64_t>(r, "size", 0);
    if (Get<std::string>(r, "status", "") != "ok") {
      f.failed++;
      f.failures.push_back({Get<std::string>(r, "path", ""), kind, Get<std::string>(r, "reason", "")});
      continue;
    }
    f.ok++;
    if (kind == "executable" || !seen_keys.insert(Get<std::string>(r, "key", "")).second) continue;
    FleetDump d{Get<std::string>(r, "path", ""), kind, Get<std::string>(r, "go_version", ""),
                Get<int64_t>(r, "dump_time_ns", 0), Get<uint64_t>(r, "goroutines", 0),
                Get<uint64_t>(r, "proven_leaked", 0), 0, 0};
    if (auto h = r.find("heap"); h != r.end() && h->is_object()) d.heap_in_use = Get<uint64_t>(*h, "in_use_bytes", 0);
    AddSuspects(r, signatures, d);
    f.worst.push_back(d);
  }
  for (auto& [sig, s] : signatures) {
    std::sort(s.sightings.begin(), s.sightings.end(),
              [](const auto& a, const auto& b) { return a.dump_time_ns < b.dump_time_ns; });
    f.signatures.push_back(std::move(s));
  }
  std::sort(f.signatures.begin(), f.signatures.end(), [](const auto& a, const auto& b) {
    return std::tie(b.dumps, b.proven, b.goroutines) < std::tie(a.dumps, a.proven, a.goroutines);
  });
  std::sort(f.worst.begin(), f.worst.end(), [](const auto& a, const auto& b) {
    return std::tie(b.proven, b.suspect_goroutines, b.goroutines) < std::tie(a.proven, a.suspect_goroutines, a.goroutines);
  });
  return f;
}

}  // namespace gf
