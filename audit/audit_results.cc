#include "audit/audit_results.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "readers/read_error.h"

namespace gf {

void AuditResults::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return;
  std::string line;
  size_t number = 0, bad = 0;
  while (std::getline(in, line)) {
    number++;
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || !j.contains("path") || !j.contains("key") || !j.contains("status")) {
      bad++;
      continue;
    }
    Add(line);
  }
  if (bad)
    std::cerr << "goforensics: warning: " << path << ": " << bad << " of " << number
              << " lines are not audit results and were dropped\n";
}

void AuditResults::Add(const std::string& line) {
  nlohmann::json j = nlohmann::json::parse(line);
  std::string path = j["path"].get<std::string>();
  if (j["status"] == "ok") ok_path_by_key_[j["key"].get<std::string>()] = path;
  by_path_[path] = std::move(j);
}

const nlohmann::json* AuditResults::OkResultFor(const std::string& key) const {
  auto it = ok_path_by_key_.find(key);
  if (it == ok_path_by_key_.end()) return nullptr;
  return &by_path_.at(it->second);
}

void AuditResults::AddCopy(const nlohmann::json& result, const std::string& path) {
  nlohmann::json copy = result;
  copy["path"] = path;
  by_path_[path] = std::move(copy);
}

std::vector<nlohmann::json> AuditResults::Records() const {
  std::vector<nlohmann::json> out;
  out.reserve(by_path_.size());
  for (const auto& [path, j] : by_path_) out.push_back(j);
  return out;
}

void AuditResults::Save(const std::string& path) const {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    for (const auto& [p, j] : by_path_) out << j.dump() << "\n";
    if (!out) throw ReadError(path, "cannot write the results");
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace gf
