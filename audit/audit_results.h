#pragma once
// The audit's JSON lines file is also its memory: a rerun reads it, skips
// every input whose content key already has a good result, and rewrites it
// with one line per path (the newest), so an archive is audited
// incrementally and an interrupted audit keeps what it finished.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gf {

class AuditResults {
 public:
  // Reads `path` if it exists; lines that are not audit results are reported and dropped.
  void Load(const std::string& path);
  void Add(const std::string& line);

  // The good result of this content, if any (for another path with the same bytes too).
  const nlohmann::json* OkResultFor(const std::string& key) const;
  // A result for `path` copied from another path's result with the same key.
  void AddCopy(const nlohmann::json& result, const std::string& path);

  std::vector<nlohmann::json> Records() const;
  // Atomically replaces `path` with one line per input path.
  void Save(const std::string& path) const;

 private:
  std::map<std::string, nlohmann::json> by_path_;
  std::map<std::string, std::string> ok_path_by_key_;
};

}  // namespace gf
